/**
 * The GitHub Actions workflows in examples/github-actions/: each uses the commands and the
 * pulumi/actions inputs it should, names the secrets it needs, and the emulator command it
 * documents really starts the emulator.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../../harness/installed-app";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; env?: Record<string, string> }>;
}

const workflow = (name: string) => parse(readFileSync(join(REPO_ROOT, "examples", "github-actions", name), "utf8")) as Workflow;

describe("pulumi-preview.yml", () => {
  const wf = workflow("pulumi-preview.yml");
  const steps = Object.values(wf.jobs)[0].steps;
  const pulumi = steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;

  it("runs `pulumi preview --refresh --diff` on every pull request and comments with it", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(pulumi.uses).toBe("pulumi/actions@v7");
    expect(pulumi.with).toMatchObject({
      command: "preview",
      refresh: true,
      diff: true,
      "comment-on-pr": true,
      "github-token": "${{ secrets.GITHUB_TOKEN }}",
    });
    expect(typeof pulumi.with?.["stack-name"]).toBe("string");
    expect(wf.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("installs the program's packages first, and names the secrets it needs", () => {
    const order = steps.map((s) => s.uses?.split("@")[0] ?? s.run);
    expect(order).toEqual(["actions/checkout", "actions/setup-node", "npm ci", "pulumi/actions"]);
    expect(pulumi.env).toEqual({
      PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
      ULTRAVOX_API_KEY: "${{ secrets.ULTRAVOX_API_KEY }}",
    });
  });
});

describe("pulumi-up-against-emulator.yml", () => {
  const wf = workflow("pulumi-up-against-emulator.yml");
  const job = Object.values(wf.jobs)[0];
  const runs = job.steps.flatMap((s) => (s.run ? [s.run] : []));

  it("points a local stack at the emulator and runs up, a no-change check, refresh and destroy", () => {
    const script = runs.join("\n");
    expect(script).toContain("pulumi config set ultravox:baseUrl http://127.0.0.1:4010");
    expect(script).toContain('pulumi config set --secret ultravox:apiKey "$EMULATOR_API_KEY"');
    expect(runs.slice(-4)).toEqual([
      "pulumi up --yes --skip-preview",
      "pulumi preview --expect-no-changes --diff",
      "pulumi refresh --yes --expect-no-changes",
      "pulumi destroy --yes",
    ]);
    expect(wf.permissions).toEqual({ contents: "read" });
  });

  it("starts the emulator with flags it takes, on the port the stack is pointed at", async () => {
    const command = runs.find((r) => r.includes("ultravox-emulator"))!;
    const args = /npx ultravox-emulator (.*?) >/
      .exec(command)![1]
      .replace("$EMULATOR_API_KEY", job.env!.EMULATOR_API_KEY)
      .replace(/"/g, "")
      .split(" ");
    expect(args).toEqual(["--port", "4010", "--api-key", job.env!.EMULATOR_API_KEY]);
    // The same flags, on a free port so that the test cannot collide with anything.
    const child = spawn(process.execPath, [join(REPO_ROOT, "dist", "emulator", "main.js"), ...args.map((a) => (a === "4010" ? "0" : a))], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const out = await new Promise<string>((resolve) => {
        let text = "";
        child.stdout.on("data", (d: Buffer) => {
          text += d.toString();
          if (text.includes("Ctrl-C")) resolve(text);
        });
      });
      expect(out).toContain(`API key of its account: ${job.env!.EMULATOR_API_KEY}`);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
