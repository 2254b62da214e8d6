/**
 * The shipped emulator (`ultravox-emulator`, the package's bin) as a user runs it in CI: started
 * from the installed package with a fixed key, it prints its URL, and `pulumi up` works against it.
 * A flag it cannot use stops it at start, before it listens.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Engine } from "../../harness/engine";
import { ProviderProcess } from "../../harness/provider-process";
import { PLIVO } from "../carriers";
import { PROJECT, engineFixture, type EngineFixture } from "./fixture";

const CI_KEY = "emuci001.7d3e9a1c5b0f2e4d6a8c1e3f5b7d9a2c";

/** The installed bin with `args`, once it has printed all it prints at start. */
async function start(args: string[]): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const out = await new Promise<string>((resolve) => {
    let text = "";
    child.stdout.on("data", (d: Buffer) => {
      text += d.toString();
      if (text.includes("Ctrl-C")) resolve(text);
    });
  });
  return { child, out };
}

let f: EngineFixture;
let bin: string;
let emulator: ChildProcess;
let url: string;
beforeAll(async () => {
  f = await engineFixture();
  bin = join(f.appDir, "node_modules", "pulumi-ultravox", "dist", "emulator", "main.js");
  let out: string;
  ({ child: emulator, out } = await start(["--port", "0", "--api-key", CI_KEY]));
  url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
  expect(out).toContain(`pulumi config set ultravox:baseUrl ${url}`);
  expect(out).toContain(`API key of its account: ${CI_KEY}`);
});
afterAll(async () => {
  emulator.kill("SIGTERM");
  await f.stop();
});

it("serves a pulumi up, refresh and destroy of a telephony config and an agent", async () => {
  const provider = await ProviderProcess.start({ cwd: f.appDir, project: PROJECT });
  try {
    await provider.configure({ "ultravox:apiKey": CI_KEY, "ultravox:baseUrl": url });
    const engine = new Engine(provider);
    const plivo = await f.telephony(PLIVO, { agentIds: [] });
    const agent = (
      await f.program(
        { "ultravox-app:agentName": "ci", "ultravox-app:callTemplate": JSON.stringify({ systemPrompt: "Hello from CI." }) },
        join(__dirname, "..", "..", "build", "test", "programs", "agent.js"),
      )
    ).resources;
    const resources = [...plivo, ...agent];
    expect((await engine.up(resources)).errors).toEqual([]);
    expect((await engine.up(resources)).steps.map((s) => s.op)).toEqual(["same", "same"]);
    expect((await engine.refresh()).steps.map((s) => s.refreshResult)).toEqual(["same", "same"]);
    expect((await engine.destroy()).errors).toEqual([]);
  } finally {
    await provider.stop();
  }
});

describe("its flags", () => {
  it("takes localhost, a latency and every --agent-patch mode", async () => {
    for (const mode of ["merge", "merge-ignoring-null", "replace"]) {
      const { child, out } = await start(["--port", "0", "--host", "localhost", "--latency-ms", "5", "--agent-patch", mode]);
      child.kill("SIGTERM");
      expect(out).toMatch(/listening on http:\/\/localhost:\d+/);
    }
  });

  it.each([
    [["--agent-patch", "bogus"], '--agent-patch must be one of merge, merge-ignoring-null, replace (got "bogus")'],
    [["--port", "abc"], '--port must be a whole number from 0 to 65535 (got "abc")'],
    [["--port", "70000"], '--port must be a whole number from 0 to 65535 (got "70000")'],
    [["--port", ""], '--port must be a whole number from 0 to 65535 (got "")'],
    [["--latency-ms=-5"], '--latency-ms must be a whole number of milliseconds from 0 to 2147483647 (got "-5")'],
    [["--latency-ms", "soon"], '--latency-ms must be a whole number of milliseconds from 0 to 2147483647 (got "soon")'],
    [["--host", "my laptop"], '--host must be an IP address or localhost (got "my laptop")'],
    [["--host", ""], '--host must be an IP address or localhost (got "")'],
    [["--latency-ms", "-5"], "Option '--latency-ms' argument is ambiguous."],
    [["--prot", "4010"], "Unknown option '--prot'"],
    [["--port"], "Option '--port <value>' argument missing"],
  ])("%j stops it at start with exit code 2, naming the flag, and nothing listening", (args, message) => {
    // A free port of its own: had it started, it would have printed its URL there and kept running.
    const run = spawnSync(process.execPath, [bin, "--port", "0", ...args], { encoding: "utf8", timeout: 10_000 });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 2, stdout: "" });
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("ultravox-emulator --help lists its options");
  });
});
