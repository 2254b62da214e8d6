/**
 * The package as published: `npm pack`, installed with npm into an empty folder, loads and runs a
 * program with neither this repository's source nor ts-node.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installApp, REPO_ROOT, scratchDir } from "../../harness/installed-app";
import { runProgram } from "../../harness/program";
import { EXAMPLE, PROJECT } from "./fixture";

/**
 * The lifecycle scripts npm runs when it installs a package (npm docs, "Life Cycle Operation
 * Order"): the install ones, prepare (with its pre and post) for a git or folder dependency, and
 * the deprecated prepublish. `prepack`, which builds dist/ before `npm pack` and `npm publish`, is
 * not one of them.
 */
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"];

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
  // Installing it runs nothing of ours: the packed manifest has no script npm runs at install.
  const { scripts = {} } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  expect(Object.keys(scripts).filter((name) => INSTALL_SCRIPTS.includes(name))).toEqual([]);
  const files = execFileSync("find", [".", "-type", "f"], { cwd: installed, encoding: "utf8" }).split("\n").filter(Boolean);
  expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  expect(files).toEqual(
    expect.arrayContaining([
      "./dist/index.js",
      "./dist/index.d.ts",
      "./dist/plivo/provider.js",
      "./dist/plivo/methods.js",
      "./dist/implementation.js",
    ]),
  );
  // The implementation is one bundle with zod in it: it needs nothing the package does not depend on,
  // and undici is required only where a request is first made.
  const required = readFileSync(join(installed, "dist", "implementation.js"), "utf8").match(/require\("[^"]+"\)/g) ?? [];
  expect([...new Set(required)].sort()).toEqual(['require("node:crypto")', 'require("node:http")', 'require("undici")']);
  expect(readdirSync(join(dir, "node_modules"))).not.toContain("ts-node");
  // npm links the bin, and it runs.
  expect(execFileSync(join(dir, "node_modules", ".bin", "ultravox-emulator"), ["--help"], { encoding: "utf8" })).toMatch(
    /^Usage: ultravox-emulator/,
  );

  const loaded = execFileSync(
    process.execPath,
    ["-e", 'const u = require("pulumi-ultravox"); console.log(Object.keys(u).sort().join(","))'],
    { cwd: dir, encoding: "utf8" },
  );
  // Every resource class (test/unit/docs.test.ts checks the list is complete), secretRef, and 0.1.0's provider export.
  expect(loaded.trim().split(",")).toEqual(
    expect.arrayContaining(["Agent", "CallThrottle", "PlivoTelephonyConfig", "plivoTelephonyConfigProvider", "secretRef"]),
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

it("publishes the compiled provider, its types, the emulator, README, LICENSE and CHANGELOG, and nothing else", () => {
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }),
  ) as {
    files: { path: string }[];
  }[];
  const files = packed.files.map((f) => f.path).sort();
  const resources = ["plivo", "twilio", "telnyx", "agent"];
  expect(files).toEqual(
    expect.arrayContaining([
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/index.js",
      "dist/index.d.ts",
      ...resources.flatMap((r) => [`dist/${r}/provider.js`, `dist/${r}/methods.js`, `dist/${r}/resource.js`, `dist/${r}/resource.d.ts`]),
      "dist/implementation.js",
      "dist/agent/types.d.ts",
      "dist/generated/types.d.ts",
      "dist/emulator/main.js",
      "dist/emulator/server.js",
    ]),
  );
  const outside = files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md", "LICENSE", "CHANGELOG.md"].includes(f));
  expect(outside).toEqual([]);
  expect(files.filter((f) => /\.(test|spec)\.|\.map$|\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
  // No source map is referenced either: none would resolve.
  const mapped = files.filter((f) => f.endsWith(".js") && readFileSync(join(REPO_ROOT, f), "utf8").includes("sourceMappingURL"));
  expect(mapped).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; license: string };
  expect(manifest.bin).toEqual({ "ultravox-emulator": "dist/emulator/main.js" });
  expect(manifest.license).toBe("Apache-2.0");
  expect(readFileSync(join(REPO_ROOT, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  expect(readFileSync(join(REPO_ROOT, "dist", "emulator", "main.js"), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
});
