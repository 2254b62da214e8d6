/**
 * The whole life of each carrier's telephony config, the way Pulumi runs it: a real program under
 * mocks, Pulumi's real provider process over gRPC, the emulator behind it. After every step: what
 * Ultravox holds, what the state holds, how many requests it took, and that no secret leaked.
 */
import { CARRIERS, secretValues } from "../carriers";
import { AGENT_A, AGENT_B, AGENT_C } from "../values";
import { engineFixture, type EngineFixture } from "./fixture";

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.stop());

const ops = (result: { steps: { op: string; refreshResult?: string }[] }) => result.steps.map((s) => s.refreshResult ?? s.op);

describe.each(CARRIERS)("$resource", (carrier) => {
  const first = secretValues(carrier, "first");
  const held = () => f.emulator.config(f.apiKey, carrier.name);
  const only = () => {
    const [state] = f.engine.state.values();
    return state;
  };
  afterAll(() => f.engine.state.clear());

  it("runs preview, create, no-op, update, drift of each secret and field, refresh, re-create and destroy", async () => {
    const v1 = await f.telephony(carrier, { agentIds: [AGENT_A.toUpperCase()] });
    expect(v1).toHaveLength(1);
    expect(v1[0].type).toBe(carrier.type);
    expect(v1[0].secretInputs.sort()).toEqual(Object.keys(first).sort());

    // preview: Check and Diff only — not one request to the API.
    f.emulator.clearLog();
    expect(ops(await f.engine.preview(v1))).toEqual(["create"]);
    expect(f.emulator.log).toHaveLength(0);
    expect(f.engine.state.size).toBe(0);

    // create: no config yet, so PATCH (404) then POST.
    expect((await f.engine.up(v1)).errors).toEqual([]);
    expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404", "POST 201"]);
    expect(held()).toMatchObject({ ...carrier.identity, ...first, callCreationAllowedAgentIds: [AGENT_A] });
    expect(only().id).toBe(carrier.name);
    for (const s of carrier.secrets) expect(only().outputs[s.prefixField]).toBe(f.emulator.prefixOf(first[s.field]));
    expect([...only().secretOutputs].sort()).toEqual(Object.keys(first).sort());
    for (const field of Object.keys(first))
      expect(f.engine.persisted()[only().urn].outputs[field]).toMatchObject({ ciphertext: "[encrypted]" });

    // up again with the same program: no writes.
    f.emulator.clearLog();
    const v1again = await f.telephony(carrier, { agentIds: [AGENT_A] });
    expect(ops(await f.engine.up(v1again))).toEqual(["same"]);
    expect(f.emulator.writes()).toHaveLength(0);

    // change the agent list: exactly one PATCH carrying the whole config.
    f.emulator.clearLog();
    const v2 = await f.telephony(carrier, { agentIds: [AGENT_A, AGENT_B] });
    expect(ops(await f.engine.up(v2))).toEqual(["update"]);
    expect(f.emulator.calls.map((r) => r.method)).toEqual(["PATCH"]);
    expect(held()?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);

    // each secret rotated in the Ultravox console, on its own: refresh names it, up writes ours back.
    for (const secret of carrier.secrets) {
      f.emulator.changeOutOfBand(f.apiKey, { [secret.field]: carrier.values[secret.field].console }, carrier.name);
      f.emulator.clearLog();
      const refreshed = await f.engine.refresh();
      expect(ops(refreshed)).toEqual(["update"]);
      expect(refreshed.steps[0].detailedDiff).toEqual([{ path: [secret.field], kind: "update" }]);
      expect(f.emulator.calls.map((r) => r.method)).toEqual(["GET"]);
      expect(ops(await f.engine.refresh())).toEqual(["same"]);
      const fixed = await f.engine.up(v2);
      expect(fixed.steps[0].detailedDiff).toEqual([{ path: [secret.field], kind: "update" }]);
      expect(held()?.[secret.field]).toBe(first[secret.field]);
      expect(ops(await f.engine.refresh())).toEqual(["same"]);
      expect(ops(await f.engine.up(v2))).toEqual(["same"]);
    }

    // the non-secret fields changed out of band; refresh reports them, up puts ours back.
    f.emulator.changeOutOfBand(f.apiKey, { ...carrier.otherIdentity, callCreationAllowedAgentIds: [AGENT_C] }, carrier.name);
    expect(ops(await f.engine.refresh())).toEqual(["update"]);
    expect(only().inputs).toMatchObject({ ...carrier.otherIdentity, callCreationAllowedAgentIds: [AGENT_C] });
    f.emulator.clearLog();
    expect(ops(await f.engine.up(v2))).toEqual(["update"]);
    expect(f.emulator.calls.map((r) => r.method)).toEqual(["PATCH"]);
    expect(held()).toMatchObject({ ...carrier.identity, callCreationAllowedAgentIds: [AGENT_A, AGENT_B] });

    // deleted out of band; refresh drops the resource; up creates it again.
    f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
    expect(ops(await f.engine.refresh())).toEqual(["delete"]);
    expect(f.engine.state.size).toBe(0);
    expect(ops(await f.engine.up(v2))).toEqual(["create"]);
    expect(held()).toMatchObject({ ...first, callCreationAllowedAgentIds: [AGENT_A, AGENT_B] });

    // destroy: one DELETE; again against a config already gone: still success.
    f.emulator.clearLog();
    expect((await f.engine.destroy()).errors).toEqual([]);
    expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 204"]);
    expect(held()).toBeUndefined();
    expect(ops(await f.engine.up(v2))).toEqual(["create"]);
    f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
    expect((await f.engine.destroy()).errors).toEqual([]);
    expect(f.engine.state.size).toBe(0);

    expect(f.leaks()).toEqual([]);
  });
});
