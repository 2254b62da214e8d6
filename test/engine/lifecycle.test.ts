/**
 * The whole life of the example's PlivoTelephonyConfig, the way Pulumi runs it: the real program
 * under mocks, Pulumi's real provider process over gRPC, the emulator behind it. After every step:
 * what Ultravox holds, what the state holds, and how many requests it took.
 */
import { AGENT_A, AGENT_B, AGENT_C } from "../values";
import { engineFixture, type EngineFixture } from "./fixture";

const TOKEN = "tokA-a4c123b1612dd272d137";
const ROTATED = "tokR-b0eb53f16947ccf25ec8";

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture({ token: TOKEN });
  f.secrets["rotated token"] = ROTATED;
});
afterAll(() => f.stop());

const agents = (...ids: string[]) => ({ "ultravox-app:agentIds": JSON.stringify(ids) });
const only = () => {
  const [state] = f.engine.state.values();
  return state;
};
const ops = (result: { steps: { op: string; refreshResult?: string }[] }) => result.steps.map((s) => s.refreshResult ?? s.op);

it("runs preview, create, no-op, update, drift, refresh, re-create and destroy", async () => {
  const v1 = await f.program(agents(AGENT_A.toUpperCase()));
  expect(v1.error).toBeUndefined();
  expect(v1.resources).toHaveLength(1);
  expect(v1.resources[0].type).toBe("pulumi-nodejs:dynamic/ultravox:PlivoTelephonyConfig");
  expect(v1.resources[0].secretInputs).toEqual(["authToken"]);

  // preview: Check and Diff only — not one request to the API.
  const preview = await f.engine.preview(v1.resources);
  expect(ops(preview)).toEqual(["create"]);
  expect(f.emulator.log).toHaveLength(0);
  expect(f.engine.state.size).toBe(0);

  // create: no config yet, so PATCH (404) then POST.
  const created = await f.engine.up(v1.resources);
  expect(created.errors).toEqual([]);
  expect(f.emulator.log.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404", "POST 201"]);
  expect(f.emulator.config(f.apiKey)).toMatchObject({ authToken: TOKEN, callCreationAllowedAgentIds: [AGENT_A] });
  expect(only().id).toBe("plivo");
  expect(only().outputs).toMatchObject({ authTokenPrefix: f.emulator.prefixOf(TOKEN), callCreationAllowedAgentIds: [AGENT_A] });
  expect([...only().secretOutputs]).toEqual(["authToken"]);
  expect(f.engine.persisted()[only().urn].outputs.authToken).toMatchObject({ ciphertext: "[encrypted]" });

  // up again with the same program: no writes.
  f.emulator.clearLog();
  const same = await f.engine.up((await f.program(agents(AGENT_A))).resources);
  expect(ops(same)).toEqual(["same"]);
  expect(f.emulator.writes()).toHaveLength(0);

  // change the agent list: exactly one PATCH carrying the whole config.
  f.emulator.clearLog();
  const v2 = (await f.program(agents(AGENT_A, AGENT_B))).resources;
  expect(ops(await f.engine.up(v2))).toEqual(["update"]);
  expect(f.emulator.log.map((r) => r.method)).toEqual(["PATCH"]);
  expect(f.emulator.config(f.apiKey)?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);
  expect(only().outputs.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);

  // the token is rotated in the Ultravox console; refresh reports it, up writes ours back.
  f.emulator.changeOutOfBand(f.apiKey, { authToken: ROTATED });
  f.emulator.clearLog();
  const refreshed = await f.engine.refresh();
  expect(ops(refreshed)).toEqual(["update"]);
  expect(refreshed.steps[0].detailedDiff).toEqual([{ path: ["authToken"], kind: "update" }]);
  expect(f.emulator.log.map((r) => r.method)).toEqual(["GET"]);
  expect(only().outputs).toMatchObject({ authTokenPrefix: f.emulator.prefixOf(ROTATED), authTokenPrefixAtLastWrite: f.emulator.prefixOf(TOKEN) });
  expect(ops(await f.engine.refresh())).toEqual(["same"]);
  const fixed = await f.engine.up(v2);
  expect(ops(fixed)).toEqual(["update"]);
  expect(fixed.steps[0].detailedDiff).toEqual([{ path: ["authToken"], kind: "update" }]);
  expect(f.emulator.config(f.apiKey)?.authToken).toBe(TOKEN);
  expect(ops(await f.engine.refresh())).toEqual(["same"]);
  expect(ops(await f.engine.up(v2))).toEqual(["same"]);

  // the agent list is changed out of band; refresh reports it, up puts ours back.
  f.emulator.changeOutOfBand(f.apiKey, { callCreationAllowedAgentIds: [AGENT_C] });
  const drift = await f.engine.refresh();
  expect(ops(drift)).toEqual(["update"]);
  expect(only().inputs.callCreationAllowedAgentIds).toEqual([AGENT_C]);
  f.emulator.clearLog();
  expect(ops(await f.engine.up(v2))).toEqual(["update"]);
  expect(f.emulator.log.map((r) => r.method)).toEqual(["PATCH"]);
  expect(f.emulator.config(f.apiKey)?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);

  // the config is deleted out of band; refresh drops the resource; up creates it again.
  f.emulator.deleteOutOfBand(f.apiKey);
  expect(ops(await f.engine.refresh())).toEqual(["delete"]);
  expect(f.engine.state.size).toBe(0);
  expect(ops(await f.engine.up(v2))).toEqual(["create"]);
  expect(f.emulator.config(f.apiKey)).toMatchObject({ authToken: TOKEN, callCreationAllowedAgentIds: [AGENT_A, AGENT_B] });

  // destroy: one DELETE.
  f.emulator.clearLog();
  const destroyed = await f.engine.destroy();
  expect(destroyed.errors).toEqual([]);
  expect(f.emulator.log.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 204"]);
  expect(f.emulator.config(f.apiKey)).toBeUndefined();
  expect(f.engine.state.size).toBe(0);

  // destroy again, against an already missing config, succeeds.
  expect(ops(await f.engine.up(v2))).toEqual(["create"]);
  f.emulator.deleteOutOfBand(f.apiKey);
  const again = await f.engine.destroy();
  expect(again.errors).toEqual([]);
  expect(f.engine.state.size).toBe(0);

  expect(f.leaks()).toEqual([]);
});
