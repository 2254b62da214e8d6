/**
 * The conventions of Pulumi resource classes, for every class: a static `get` that reads an
 * existing object through Pulumi's real provider process without managing it, an `isInstance`
 * that recognizes its own class only, and a clear error for a constructor called without arguments.
 */
import { join } from "node:path";
import { Engine } from "../../harness/engine";
import type { ProgramRun } from "../../harness/program";
import { CARRIERS, secretValues } from "../carriers";
import { AGENT_A } from "../values";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

let f: EngineFixture;
let agentId: string;
let run: ProgramRun;
beforeAll(async () => {
  f = await engineFixture();
  for (const carrier of CARRIERS) {
    f.emulator.changeOutOfBand(
      f.apiKey,
      { ...carrier.identity, ...secretValues(carrier), callCreationAllowedAgentIds: [AGENT_A] },
      carrier.name,
    );
  }
  agentId = f.emulator.addAgentOutOfBand(f.apiKey, {
    name: "made-in-the-console",
    callTemplate: { systemPrompt: "Hello.", temperature: 0.5 },
  });
  run = await f.program({ "ultravox-app:agentId": agentId }, join(PROGRAMS, "conventions.js"));
  f.emulator.clearLog();
});
afterAll(() => f.stop());

it("get: reads each existing object with its outputs, sends nothing but GETs, and leaves it to destroy alone", async () => {
  expect(run.error).toBeUndefined();
  expect(run.resources.map((r) => r.name)).toEqual(["trivial"]);
  expect(run.reads.map((r) => `${r.type.split(":").pop()} ${r.id}`)).toEqual([
    "PlivoTelephonyConfig plivo",
    "TwilioTelephonyConfig twilio",
    "TelnyxTelephonyConfig telnyx",
    `Agent ${agentId}`,
  ]);
  for (const read of run.reads) expect(String(read.properties.__provider)).toMatch(/require\("pulumi-ultravox\/dist\/\w+\/provider\.js"\)/);

  const engine = new Engine(f.provider);
  const result = await engine.read(run.reads);
  expect(result.errors).toEqual([]);
  const outputs = Object.fromEntries(result.steps.map((s) => [s.name, s.new?.outputs]));
  for (const carrier of CARRIERS) {
    expect(outputs[`existing-${carrier.name}`]).toMatchObject({ ...carrier.identity, callCreationAllowedAgentIds: [AGENT_A] });
    for (const s of carrier.secrets) {
      expect(outputs[`existing-${carrier.name}`]).toMatchObject({ [s.prefixField]: f.emulator.prefixOf(carrier.values[s.field].first) });
      expect(outputs[`existing-${carrier.name}`]).not.toHaveProperty(s.field);
    }
  }
  expect(outputs["existing-agent"]).toMatchObject({
    agentId,
    name: "made-in-the-console",
    callTemplate: { systemPrompt: "Hello.", model: "ultravox-v0.7" },
  });
  expect(f.emulator.calls.map((r) => r.method).sort()).toEqual(["GET", "GET", "GET", "GET"]);

  // Read, not managed: nothing of it is in the state, so destroy deletes nothing.
  expect(engine.state.size).toBe(0);
  expect((await engine.destroy()).steps).toEqual([]);
  expect(f.leaks(engine)).toEqual([]);
});

it("get of an object that does not exist fails, saying so", async () => {
  const [agentRead] = run.reads.filter((r) => r.type.endsWith(":Agent"));
  const result = await new Engine(f.provider).read([{ ...agentRead, id: "00000000-0000-4000-8000-00000000dead" }]);
  expect(result.errors).toEqual(["existing-agent: resource '00000000-0000-4000-8000-00000000dead' does not exist"]);
});

it("isInstance: true for its own class only, for every class", () => {
  const own: Record<string, string[]> = {
    PlivoTelephonyConfig: ["plivo"],
    TwilioTelephonyConfig: ["twilio"],
    TelnyxTelephonyConfig: ["telnyx"],
    Agent: ["agent"],
  };
  const instances = run.exports.instances as Record<string, string[]>;
  expect(Object.keys(instances)).toEqual(expect.arrayContaining([...Object.keys(own), "CallThrottle"]));
  for (const [name, objects] of Object.entries(instances)) expect({ name, objects }).toEqual({ name, objects: own[name] ?? [] });
});

it("a constructor called without arguments names the inputs it needs, for every class", () => {
  const messages = run.exports.withoutArguments as Record<string, string>;
  expect(messages).toMatchObject({
    PlivoTelephonyConfig: expect.stringMatching(
      /^new PlivoTelephonyConfig\(name, args\) needs its arguments: authId, authToken \(got undefined\)\. .*PlivoTelephonyConfig\.get\(name, id\)/,
    ),
    TelnyxTelephonyConfig: expect.stringMatching(
      /^new TelnyxTelephonyConfig\(name, args\) needs its arguments: accountSid, applicationSid, apiKey, publicKey/,
    ),
    Agent: expect.stringMatching(/^new Agent\(name, args\) needs its arguments: name/),
  });
  for (const [name, message] of Object.entries(messages))
    expect(message).toMatch(new RegExp(`^new ${name}\\(name, args\\) needs its arguments: `));
});
