/**
 * The shipped emulator (`ultravox-emulator`, the package's bin) as a user runs it in CI: started
 * from the installed package with a fixed key, it prints its URL, and `pulumi up` works against it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Engine } from "../../harness/engine";
import { ProviderProcess } from "../../harness/provider-process";
import { PLIVO } from "../carriers";
import { PROJECT, engineFixture, type EngineFixture } from "./fixture";

const CI_KEY = "emuci001.7d3e9a1c5b0f2e4d6a8c1e3f5b7d9a2c";

let f: EngineFixture;
let emulator: ChildProcess;
let url: string;
beforeAll(async () => {
  f = await engineFixture();
  const bin = join(f.appDir, "node_modules", "pulumi-ultravox", "dist", "emulator", "main.js");
  emulator = spawn(process.execPath, [bin, "--port", "0", "--api-key", CI_KEY], { stdio: ["ignore", "pipe", "inherit"] });
  const out = await new Promise<string>((resolve) => {
    let text = "";
    emulator.stdout!.on("data", (d: Buffer) => {
      text += d.toString();
      if (text.includes("Ctrl-C")) resolve(text);
    });
  });
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
