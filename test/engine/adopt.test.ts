/**
 * `adopt`, through Pulumi's real provider process, for every class whose object has an id: taking
 * over an existing object keeps its id and writes nothing; a program that does not match fails the
 * preview, naming each field; a missing id is a clear error; once adopted, the input has no effect.
 */
import { throttlesRoute, writeThrottle } from "../../emulator/call-throttles";
import { Engine, type OperationResult } from "../../harness/engine";
import { engineFixture, type EngineFixture } from "./fixture";

type Props = Record<string, unknown>;

interface AdoptCase {
  className: string;
  /** Makes the object in the console, as the program below describes it; its id. */
  make(f: EngineFixture): string;
  /** The program's arguments matching it. */
  args: Props;
  secrets?: Props;
  /** Arguments that differ from it, and the property paths the preview names. */
  differing: { args: Props; properties: string[] };
}

const CASES: AdoptCase[] = [
  {
    className: "Agent",
    make: (f) =>
      f.emulator.addAgentOutOfBand(f.apiKey, { name: "made-by-hand", callTemplate: { systemPrompt: "Hello.", temperature: 0.5 } }),
    args: { name: "made-by-hand", callTemplate: { systemPrompt: "Hello.", temperature: 0.5 } },
    secrets: { sharedSecrets: ["sigSec-0f3d5b7a9c1e2468"] },
    differing: {
      args: { name: "made-by-hand", callTemplate: { systemPrompt: "Hi.", temperature: 0.5, voice: "Mark" } },
      properties: ["callTemplate.systemPrompt", "callTemplate.voice"],
    },
  },
  {
    className: "CallThrottle",
    make: (f) =>
      writeThrottle(f.emulator.objects(f.apiKey, throttlesRoute), { name: "by-hand", rules: [{ maxCalls: 5, windowSeconds: 60 }] })
        .throttleId,
    args: { name: "by-hand", rules: [{ maxCalls: 5, windowSeconds: 60 }] },
    differing: { args: { name: "renamed", rules: [{ maxCalls: 5, windowSeconds: 60 }] }, properties: ["name"] },
  },
];

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
  f.secrets["signing secret"] = "sigSec-0f3d5b7a9c1e2468";
});
afterAll(() => f.stop());

describe.each(CASES)("$className", (c) => {
  let engine: Engine;
  beforeEach(() => {
    engine = new Engine(f.provider);
    for (const agent of f.emulator.agents(f.apiKey)) f.emulator.deleteAgentOutOfBand(f.apiKey, agent.agentId);
    f.emulator.clearLog();
  });
  afterEach(() => expect(f.leaks(engine)).toEqual([]));

  const program = async (args: Props, preview = false) =>
    (await f.resources([{ class: c.className, name: "adopted", args }], c.secrets ? { adopted: c.secrets } : {}, { preview })).resources;
  const step = (result: OperationResult) => result.steps[0];

  it("takes over a matching object: its id kept, one read, nothing written; then no request and no effect", async () => {
    const id = c.make(f);
    const preview = await engine.preview(await program({ ...c.args, adopt: id }, true));
    expect(step(preview)).toMatchObject({ op: "create" });
    expect(step(preview).failures).toBeUndefined();
    expect(f.emulator.calls.map((r) => r.method)).toEqual(["GET"]);

    f.emulator.clearLog();
    const up = await engine.up(await program({ ...c.args, adopt: id }));
    expect(up.errors).toEqual([]);
    expect(f.emulator.writes()).toEqual([]);
    expect(step(up).id).toBe(id);

    f.emulator.clearLog();
    expect(step(await engine.preview(await program({ ...c.args, adopt: id }))).op).toBe("same");
    expect(step(await engine.up(await program(c.args))).op).toBe("same");
    expect(f.emulator.log).toEqual([]);
    expect([...engine.state.values()][0]).toMatchObject({ id, inputs: { adopt: id } });
  });

  it("fails the preview where the program differs, naming each field, and writes nothing", async () => {
    const id = c.make(f);
    const preview = await engine.preview(await program({ ...c.differing.args, adopt: id }, true));
    const failures = step(preview).failures ?? [];
    expect(failures.map((fl) => fl.property)).toEqual(c.differing.properties);
    for (const failure of failures)
      expect(failure.reason).toMatch(/differs from the .* which adopt names: Ultravox holds .*a later, reviewed `pulumi up`/);
    expect(f.emulator.writes()).toEqual([]);
  });

  it("refuses an id that names nothing, saying so", async () => {
    const preview = await engine.preview(await program({ ...c.args, adopt: "00000000-0000-4000-8000-0000000000ad" }, true));
    expect(step(preview).failures).toEqual([
      { property: "adopt", reason: expect.stringMatching(/^adopt: there is no .* 00000000-0000-4000-8000-0000000000ad in this account/) },
    ]);
  });
});
