/**
 * What Pulumi writes into `__provider`, once per resource in every state: small, free of
 * secrets, and loading the implementation from the installed package when it runs, so that a
 * refresh or destroy after an upgrade runs the new code.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { installApp, REPO_ROOT } from "../../harness/installed-app";
import { runProgram } from "../../harness/program";
import { ProviderProcess } from "../../harness/provider-process";
import { EXAMPLE, PROJECT } from "./fixture";

const TOKEN = "tokS-a13043b026c48bbf33fe";
const API_KEY = "emuser01.0123456789abcdef0123456789abcdef";
const config = {
  "ultravox:apiKey": API_KEY,
  [`${PROJECT}:plivoAuthId`]: "MAFAKEAUTHID000000001",
  [`${PROJECT}:plivoAuthToken`]: TOKEN,
  [`${PROJECT}:agentIds`]: JSON.stringify(["3c90c3cc-0d44-4b50-8888-8dd25736052a"]),
};
const run = (dir: string, file = EXAMPLE) =>
  runProgram(dir, file, { project: PROJECT, config, secretKeys: ["ultravox:apiKey", `${PROJECT}:plivoAuthToken`] });
const serialized = async (dir: string, file?: string) => {
  const result = await run(dir, file);
  expect(result.error).toBeUndefined();
  return String(result.resources[0].inputs.__provider);
};

/** Asks the real provider process to Check the example's inputs with this `__provider`. */
async function checkWith(cwd: string, provider: string): Promise<{ inputs: Record<string, unknown>; failures: unknown[] }> {
  const process = await ProviderProcess.start({ cwd, project: PROJECT });
  try {
    await process.configure({ "ultravox:apiKey": API_KEY });
    return await process.check(
      "urn:pulumi:dev::ultravox-app::pulumi-nodejs:dynamic/ultravox:PlivoTelephonyConfig::plivo",
      {},
      {
        __provider: provider,
        authId: "MA1",
        authToken: TOKEN,
        callCreationAllowedAgentIds: ["3C90C3CC-0D44-4B50-8888-8DD25736052A"],
      },
    );
  } finally {
    await process.stop();
  }
}

describe("__provider from the installed package", () => {
  it("is a few hundred bytes that require the package, with no secret in it, and runs", async () => {
    const appDir = process.env.UV_TEST_APP_DIR!;
    const text = await serialized(appDir);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
    expect(text).toContain('require("pulumi-ultravox/dist/plivo/provider.js")');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_KEY);
    const answer = await checkWith(appDir, text);
    expect(answer.failures).toEqual([]);
    expect(answer.inputs.callCreationAllowedAgentIds).toEqual(["3c90c3cc-0d44-4b50-8888-8dd25736052a"]);
  });
});

describe("__provider from a source checkout (this repository, or a linked one)", () => {
  it("is serialized by value, but only the small handle: no implementation, no secret, no path", async () => {
    const text = await serialized(REPO_ROOT, join(REPO_ROOT, "build", "examples", "index.js"));
    // The handle's seven one-line methods, each in the serializer's wrapper: about 2.3 KB.
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2600);
    expect(text).toContain("pulumi-ultravox/dist/${resource}/methods.js");
    expect(text).toContain('resource: "plivo", exportName: "plivoMethods"');
    for (const implementationDetail of ["UltravoxClient", "validate", "undici", "retryDelayMs", REPO_ROOT])
      expect(text).not.toContain(implementationDetail);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_KEY);
    // Pulumi starts the provider in the project folder: here, the repository root.
    expect((await checkWith(REPO_ROOT, text)).failures).toEqual([]);
  });
});

describe("after an upgrade", () => {
  it("either form runs the implementation installed where it runs, so refresh and destroy run the new code", async () => {
    const texts = [
      await serialized(process.env.UV_TEST_APP_DIR!),
      await serialized(REPO_ROOT, join(REPO_ROOT, "build", "examples", "index.js")),
    ];
    // An "upgraded" package: its check adds a failure the old code never produced.
    const upgraded = installApp();
    appendFileSync(
      join(upgraded.dir, "node_modules", "pulumi-ultravox", "dist", "plivo", "methods.js"),
      '\nconst check = exports.plivoMethods.check.bind(exports.plivoMethods);\nexports.plivoMethods.check = async (o, n) => ({ ...(await check(o, n)), failures: [{ property: "", reason: "upgraded code ran" }] });\n',
    );
    for (const text of texts) {
      expect((await checkWith(upgraded.dir, text)).failures).toEqual([{ property: "", reason: "upgraded code ran" }]);
    }
  });
});
