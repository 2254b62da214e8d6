/**
 * What a reviewer sees, for every carrier: `pulumi preview` (and `--diff`, `--refresh`,
 * `pulumi refresh`) for every kind of change, by the engine's own display rule
 * (harness/display-rule.ts), from what Pulumi's real provider process answered.
 */
import { leafChanges, rowDiff, type LeafChange } from "../../harness/display-rule";
import { Engine, type OperationResult } from "../../harness/engine";
import type { RegisteredResource } from "../../harness/program";
import { UNKNOWN } from "../../harness/pulumi-wire";
import { CARRIERS, type CarrierCase } from "../carriers";
import { AGENT_A as A, AGENT_B as B, AGENT_C as C } from "../values";
import { engineFixture, type EngineFixture } from "./fixture";

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.stop());

/** The one resource's step. */
const step = (result: OperationResult) => result.steps[0];
const updates = (...keys: string[]) => ({ add: [], delete: [], update: keys });
const secretChange = (field: string) => ({ path: field, kind: "update", old: "[secret]", new: "[secret]" });

describe.each(CARRIERS)("$resource", (carrier: CarrierCase) => {
  let engine: Engine;
  let base: RegisteredResource[];
  const held = () => f.emulator.config(f.apiKey, carrier.name);

  beforeAll(async () => {
    base = await f.telephony(carrier, { agentIds: [A, B] });
  });
  beforeEach(async () => {
    f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
    engine = new Engine(f.provider);
    expect((await engine.up(base)).errors).toEqual([]);
    f.emulator.clearLog();
  });
  afterEach(() => expect(f.leaks(engine)).toEqual([]));

  it("a new secret in the program is named in the row and in the property lines, as [secret]", async () => {
    const preview = await engine.preview(await f.telephony(carrier, { agentIds: [A, B], secrets: "next" }));
    const fields = carrier.secrets.map((s) => s.field).sort();
    expect(rowDiff(step(preview))).toEqual(updates(...fields));
    expect(leafChanges(step(preview), "preview")).toEqual(fields.map(secretChange));
    expect(f.emulator.log).toHaveLength(0);
  });

  it("would be invisible had the provider answered a plain DIFF_SOME (why it answers DIFF_UNKNOWN)", async () => {
    const preview = await engine.preview(await f.telephony(carrier, { agentIds: [A, B], secrets: "next" }));
    const asSome = { ...step(preview), providerDiff: "some" as const, detailedDiff: undefined };
    expect(rowDiff(asSome)).toBeUndefined();
    expect(leafChanges(asSome, "preview")).toEqual([]);
  });

  it.each(carrier.secrets)(
    "$field rotated outside Pulumi is named, alone, by `pulumi preview --refresh` and by `pulumi refresh`",
    async (secret) => {
      f.emulator.changeOutOfBand(f.apiKey, { [secret.field]: carrier.values[secret.field].console }, carrier.name);
      const { refresh, preview } = await engine.previewWithRefresh(base);
      expect(rowDiff(step(preview))).toEqual(updates(secret.field));
      expect(leafChanges(step(preview), "preview")).toEqual([secretChange(secret.field)]);
      expect(step(refresh).refreshResult).toBe("update");
      expect(rowDiff(step(refresh))).toEqual(updates(secret.field));
      expect(f.emulator.writes()).toHaveLength(0);
    },
  );

  it("a changed agent list in the program: the changed id, element by element", async () => {
    const preview = await engine.preview(await f.telephony(carrier, { agentIds: [A, C] }));
    expect(rowDiff(step(preview))).toEqual(updates("callCreationAllowedAgentIds"));
    expect(leafChanges(step(preview), "preview")).toEqual([{ path: "callCreationAllowedAgentIds[1]", kind: "update", old: B, new: C }]);
  });

  const [identityField] = Object.keys(carrier.identity);
  it.each<[string, Record<string, unknown>, string, LeafChange[]]>([
    [
      "the agent list",
      { callCreationAllowedAgentIds: [A] },
      "callCreationAllowedAgentIds",
      [{ path: "callCreationAllowedAgentIds[1]", kind: "add", new: B }],
    ],
    [
      "the mapping",
      { requestContextMapping: { From: "caller.number", To: "line.number" } },
      "requestContextMapping",
      [{ path: "requestContextMapping.From", kind: "update", old: "caller.number", new: "user.phone_number" }],
    ],
    [
      identityField,
      carrier.otherIdentity,
      identityField,
      [{ path: identityField, kind: "update", old: carrier.otherIdentity[identityField], new: carrier.identity[identityField] }],
    ],
    [
      "allow-all",
      { callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true },
      "callCreationAllowAllAgents",
      [{ path: "callCreationAllowAllAgents", kind: "update", old: true, new: false }],
    ],
  ])("%s drifted: refresh reports it, and the preview after it shows the way back", async (_name, drift, key, changes) => {
    f.emulator.changeOutOfBand(f.apiKey, drift, carrier.name);
    const refresh = await engine.refresh();
    expect(rowDiff(step(refresh))?.update).toContain(key);
    const preview = await engine.preview(base);
    expect(rowDiff(step(preview))?.update).toContain(key);
    expect(leafChanges(step(preview), "preview")).toEqual(expect.arrayContaining(changes));
    expect(held()).toMatchObject(drift);
  });

  it("values not known yet are a change in preview, never a check failure", async () => {
    // What the engine sends during preview when an input comes from another resource's output.
    const [resource] = base;
    const [state] = engine.state.values();
    const news = { ...resource.inputs, [identityField]: UNKNOWN, callCreationAllowedAgentIds: [A, UNKNOWN] };
    const checked = await f.provider.check(resource.urn, state.inputs, news);
    expect(checked.failures).toEqual([]);
    const diff = await f.provider.diff(resource.urn, state.id, state.outputs, checked.inputs, state.inputs);
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect(f.emulator.log).toHaveLength(0);
  });

  it("nothing changed shows no update: plain, right after a refresh, and after an upgrade changed __provider", async () => {
    expect(step(await engine.preview(base)).op).toBe("same");
    const { refresh, preview } = await engine.previewWithRefresh(base);
    expect(step(refresh).refreshResult).toBe("same");
    expect(step(preview).op).toBe("same");
    // An upgraded package serializes another __provider text; the stored one is the old.
    const upgraded = base.map((r) => ({ ...r, inputs: { ...r.inputs, __provider: `${String(r.inputs.__provider)}\n// 0.2.0` } }));
    expect((await engine.up(upgraded)).steps.map((s) => s.op)).toEqual(["same"]);
    expect(f.emulator.writes()).toHaveLength(0);
  });
});
