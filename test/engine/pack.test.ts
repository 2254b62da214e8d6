/**
 * The package as published: `npm pack`, installed with npm into an empty folder, loads and runs a
 * program with neither this repository's source nor ts-node.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installApp, scratchDir } from "../../harness/installed-app";
import { runProgram } from "../../harness/program";
import { EXAMPLE, PROJECT } from "./fixture";

it("installs from the packed tarball into an empty folder and runs the example", async () => {
  const { tarball, sdkVersion } = installApp();
  const dir = scratchDir("empty-");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "empty", private: true }));
  // The @pulumi/pulumi this run tests (else npm would pick the newest one this Node allows).
  execFileSync(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball, `@pulumi/pulumi@${sdkVersion}`],
    { cwd: dir, stdio: "pipe" },
  );
  expect(
    execFileSync(process.execPath, ["-p", 'require("@pulumi/pulumi/package.json").version'], { cwd: dir, encoding: "utf8" }).trim(),
  ).toBe(sdkVersion);

  const installed = join(dir, "node_modules", "pulumi-ultravox");
  const files = execFileSync("find", [".", "-type", "f"], { cwd: installed, encoding: "utf8" }).split("\n").filter(Boolean);
  expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  expect(files).toEqual(
    expect.arrayContaining([
      "./dist/index.js",
      "./dist/index.d.ts",
      "./dist/plivo/provider.js",
      "./dist/plivo/methods.js",
      "./dist/agent/api-schemas.json",
    ]),
  );
  expect(readdirSync(join(dir, "node_modules"))).not.toContain("ts-node");

  const loaded = execFileSync(
    process.execPath,
    ["-e", 'const u = require("pulumi-ultravox"); console.log(Object.keys(u).sort().join(","))'],
    { cwd: dir, encoding: "utf8" },
  );
  expect(loaded.trim()).toBe(
    "Agent,PlivoTelephonyConfig,TelnyxTelephonyConfig,TwilioTelephonyConfig,plivoTelephonyConfigProvider,secretRef",
  );

  const run = await runProgram(dir, EXAMPLE, {
    project: PROJECT,
    config: { [`${PROJECT}:plivoAuthId`]: "MA1", [`${PROJECT}:plivoAuthToken`]: "tokP-4d8dbc74254770f58904" },
    secretKeys: [`${PROJECT}:plivoAuthToken`],
  });
  expect(run.error).toBeUndefined();
  expect(run.resources.map((r) => r.type)).toEqual([
    "pulumi-nodejs:dynamic/ultravox:Agent",
    "pulumi-nodejs:dynamic/ultravox:PlivoTelephonyConfig",
  ]);
  expect(String(run.resources[0].inputs.__provider)).toContain('require("pulumi-ultravox/dist/agent/provider.js")');
  expect(String(run.resources[1].inputs.__provider)).toContain('require("pulumi-ultravox/dist/plivo/provider.js")');
});
