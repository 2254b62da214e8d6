/**
 * What Pulumi writes into `__provider`, once per resource in every state, for every resource
 * class: small, free of secrets, and loading the implementation from the installed package when
 * it runs, so that a refresh or destroy after an upgrade runs the new code.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { installApp, REPO_ROOT } from "../../harness/installed-app";
import { runProgram } from "../../harness/program";
import { ProviderProcess } from "../../harness/provider-process";
import { CARRIERS, secretValues, type CarrierCase } from "../carriers";
import { PROGRAMS, PROJECT } from "./fixture";

const API_KEY = "emuser01.0f1e2d3c4b5a69788796a5b4c3d2e1f0";

/** A resource class, as this test needs it: its path name, its type, valid arguments, and its secrets. */
interface Case {
  name: string;
  resource: string;
  type: string;
  args: Record<string, unknown>;
  secrets: string[];
}
const AGENT_CASE: Case = {
  name: "agent",
  resource: "Agent",
  type: "pulumi-nodejs:dynamic/ultravox:Agent",
  args: {
    name: "support",
    callTemplate: { systemPrompt: "You help.", selectedTools: [{ toolName: "crm", authTokens: { k: "[secret:crm]" } }] },
    secretValues: { crm: "crmTok-3e8a1f0c6d2b9e47" },
    sharedSecrets: ["sigSec-7b1d0e9f3a2c5e86"],
  },
  secrets: ["crmTok-3e8a1f0c6d2b9e47", "sigSec-7b1d0e9f3a2c5e86"],
};
const CASES: Case[] = [
  ...CARRIERS.map((carrier: CarrierCase) => ({
    name: carrier.name,
    resource: carrier.resource,
    type: carrier.type,
    args: { ...carrier.identity, ...secretValues(carrier), callCreationAllowedAgentIds: ["3C90C3CC-0D44-4B50-8888-8DD25736052A"] },
    secrets: Object.values(secretValues(carrier)),
  })),
  AGENT_CASE,
];

/** The `__provider` Pulumi serializes for one resource of `c`, with the program run from `dir`. */
async function serialized(dir: string, c: Case): Promise<string> {
  const result = await runProgram(dir, join(PROGRAMS, "from-config.js"), {
    project: PROJECT,
    config: { "ultravox:apiKey": API_KEY, [`${PROJECT}:cases`]: JSON.stringify({ [c.name]: { resource: c.resource, args: c.args } }) },
    secretKeys: ["ultravox:apiKey"],
  });
  expect(result.error).toBeUndefined();
  return String(result.resources[0].inputs.__provider);
}

/** Asks the real provider process, started in `cwd`, to Check `c`'s arguments with this `__provider`. */
async function checkWith(cwd: string, c: Case, provider: string): Promise<{ inputs: Record<string, unknown>; failures: unknown[] }> {
  const process = await ProviderProcess.start({ cwd, project: PROJECT });
  try {
    await process.configure({ "ultravox:apiKey": API_KEY });
    return await process.check(`urn:pulumi:dev::${PROJECT}::${c.type}::${c.name}`, {}, { __provider: provider, ...c.args });
  } finally {
    await process.stop();
  }
}

const leaksNothing = (text: string, c: Case) => {
  for (const secret of [...c.secrets, API_KEY]) expect(text).not.toContain(secret);
};

describe.each(CASES)("$resource", (c) => {
  it("from the installed package: a few hundred bytes that require its own handle, no secret, and it runs", async () => {
    const appDir = process.env.UV_TEST_APP_DIR!;
    const text = await serialized(appDir, c);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
    expect(text).toContain(`require("pulumi-ultravox/dist/${c.name}/provider.js")`);
    leaksNothing(text, c);
    const answer = await checkWith(appDir, c, text);
    expect(answer.failures).toEqual([]);
    // The implementation ran: a telephony config's ids come back lower-cased.
    if (c !== AGENT_CASE) expect(answer.inputs.callCreationAllowedAgentIds).toEqual(["3c90c3cc-0d44-4b50-8888-8dd25736052a"]);
  });

  it("from a source checkout: serialized by value, but only the small handle (no implementation, secret or path)", async () => {
    const text = await serialized(REPO_ROOT, c);
    // The handle's seven one-line methods, each in the serializer's wrapper: about 2.2 KB.
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2600);
    expect(text).toContain("pulumi-ultravox/dist/${resource}/methods.js");
    expect(text).toContain(`resource: "${c.name}", exportName: "${c.name}Methods"`);
    for (const implementationDetail of ["UltravoxClient", "validate", "undici", "retryWaitMs", REPO_ROOT])
      expect(text).not.toContain(implementationDetail);
    leaksNothing(text, c);
    // Pulumi starts the provider in the project folder: here, the repository root.
    expect((await checkWith(REPO_ROOT, c, text)).failures).toEqual([]);
  });
});

describe("after an upgrade", () => {
  it("either form runs the implementation installed where it runs, so refresh and destroy run the new code", async () => {
    const [plivo] = CASES;
    const texts = [await serialized(process.env.UV_TEST_APP_DIR!, plivo), await serialized(REPO_ROOT, plivo)];
    // An "upgraded" package: its check adds a failure the old code never produced.
    const upgraded = installApp();
    appendFileSync(
      join(upgraded.dir, "node_modules", "pulumi-ultravox", "dist", "plivo", "methods.js"),
      '\nconst check = exports.plivoMethods.check.bind(exports.plivoMethods);\nexports.plivoMethods.check = async (o, n) => ({ ...(await check(o, n)), failures: [{ property: "", reason: "upgraded code ran" }] });\n',
    );
    for (const text of texts) {
      expect((await checkWith(upgraded.dir, plivo, text)).failures).toEqual([{ property: "", reason: "upgraded code ran" }]);
    }
  });
});
