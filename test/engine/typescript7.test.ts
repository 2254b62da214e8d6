/**
 * TypeScript 7 has no compiler API, and Pulumi's serializer needs it. When the `typescript` that
 * @pulumi/pulumi loads is 7 or later, constructing a resource fails at once and says how to fix it.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { installApp, scratchDir } from "../../harness/installed-app";
import { runProgram } from "../../harness/program";
import { EXAMPLE, PROGRAMS, PROJECT } from "./fixture";

let appDir: string;

beforeAll(() => {
  // A real TypeScript 7 (pinned), installed where @pulumi/pulumi will find it.
  const ts7 = scratchDir("ts7-");
  execFileSync(
    "npm",
    ["install", "--no-save", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", ts7, "typescript@7.0.2"],
    { stdio: "pipe" },
  );
  // @pulumi/pulumi copied in, so that its `require("typescript")` starts from the app.
  appDir = installApp({ copy: ["@pulumi/pulumi"], replace: { typescript: join(ts7, "node_modules", "typescript") } }).dir;
}, 120_000);

const config = { [`${PROJECT}:plivoAuthId`]: "MA1", [`${PROJECT}:plivoAuthToken`]: "tokT-a2cec255404e4fb44003" };

it("fails when the resource is constructed, naming the version and the fix", async () => {
  const run = await runProgram(appDir, EXAMPLE, { project: PROJECT, config, secretKeys: [`${PROJECT}:plivoAuthToken`] });
  expect(run.resources).toHaveLength(0);
  expect(run.error).toMatch(
    /^UnsupportedTypeScriptError: pulumi-ultravox: @pulumi\/pulumi loads typescript 7\.0\.2, which has no compiler API/,
  );
  expect(run.error).toMatch(/Pin TypeScript below 7 in your program, e\.g\. "typescript": "~5\.9\.3"/);
});

it("where a plain dynamic resource gets only Pulumi's cryptic serializer error", async () => {
  const run = await runProgram(appDir, join(PROGRAMS, "trivial.js"), { project: PROJECT });
  expect(run.error).toMatch(/Cannot read properties of undefined \(reading 'Latest'\)/);
});
