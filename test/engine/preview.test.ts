/**
 * What a reviewer sees: `pulumi preview` (and `--diff`, `--refresh`, `pulumi refresh`) for every
 * kind of change, by the engine's own display rule (harness/display-rule.ts), from what Pulumi's
 * real provider process answered.
 */
import { leafChanges, rowDiff, type LeafChange } from "../../harness/display-rule";
import { Engine, type OperationResult } from "../../harness/engine";
import type { RegisteredResource } from "../../harness/program";
import { UNKNOWN } from "../../harness/pulumi-wire";
import { AGENT_A as A, AGENT_B as B, AGENT_C as C } from "../values";
import { engineFixture, type EngineFixture } from "./fixture";

const TOKEN = "tokV-ff9243a8f506b40928b5";
const NEW_TOKEN = "tokW-b7a767c76fb008f86beb";
const ROTATED = "tokZ-b2737f6a6f0fb23c6f5d";

let f: EngineFixture;
let engine: Engine;
let base: RegisteredResource[];

beforeAll(async () => {
  f = await engineFixture({ token: TOKEN });
  f.secrets["new token"] = NEW_TOKEN;
  f.secrets["rotated token"] = ROTATED;
  base = await program();
});
afterAll(() => f.stop());
beforeEach(async () => {
  f.emulator.deleteOutOfBand(f.apiKey);
  engine = new Engine(f.provider);
  expect((await engine.up(base)).errors).toEqual([]);
  f.emulator.clearLog();
});
afterEach(() => expect(f.leaks(engine)).toEqual([]));

async function program(agents: string[] = [A, B], extra: Record<string, string> = {}): Promise<RegisteredResource[]> {
  const run = await f.program({ "ultravox-app:agentIds": JSON.stringify(agents), ...extra });
  expect(run.error).toBeUndefined();
  return run.resources;
}

/** The one resource's step. */
const step = (result: OperationResult) => result.steps[0];
const updates = (...keys: string[]) => ({ add: [], delete: [], update: keys });

describe("a new token in the program", () => {
  it("is named in the row and in the property lines, as [secret]", async () => {
    const news = await program([A, B], { "ultravox-app:plivoAuthToken": NEW_TOKEN });
    const preview = await engine.preview(news);
    expect(rowDiff(step(preview))).toEqual(updates("authToken"));
    expect(leafChanges(step(preview), "preview")).toEqual([{ path: "authToken", kind: "update", old: "[secret]", new: "[secret]" }]);
    expect(f.emulator.log).toHaveLength(0);
  });

  it("would be invisible had the provider answered a plain DIFF_SOME (why it answers DIFF_UNKNOWN)", async () => {
    const news = await program([A, B], { "ultravox-app:plivoAuthToken": NEW_TOKEN });
    const preview = await engine.preview(news);
    const asSome = { ...step(preview), providerDiff: "some" as const, detailedDiff: undefined };
    expect(rowDiff(asSome)).toBeUndefined();
    expect(leafChanges(asSome, "preview")).toEqual([]);
  });
});

describe("a token rotated outside Pulumi", () => {
  it("is named by `pulumi preview --refresh` and reported by `pulumi refresh`", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authToken: ROTATED });
    const { refresh, preview } = await engine.previewWithRefresh(base);
    expect(rowDiff(step(preview))).toEqual(updates("authToken"));
    expect(leafChanges(step(preview), "preview")).toEqual([{ path: "authToken", kind: "update", old: "[secret]", new: "[secret]" }]);
    expect(step(refresh).refreshResult).toBe("update");
    expect(rowDiff(step(refresh))).toEqual(updates("authToken"));
    expect(f.emulator.writes()).toHaveLength(0);
  });
});

describe("other properties", () => {
  it("changed in the program: the changed agent id, element by element", async () => {
    const preview = await engine.preview(await program([A, C]));
    expect(rowDiff(step(preview))).toEqual(updates("callCreationAllowedAgentIds"));
    expect(leafChanges(step(preview), "preview")).toEqual([{ path: "callCreationAllowedAgentIds[1]", kind: "update", old: B, new: C }]);
  });

  it.each<[string, Record<string, unknown>, string, LeafChange[]]>([
    ["the agent list", { callCreationAllowedAgentIds: [A] }, "callCreationAllowedAgentIds", [{ path: "callCreationAllowedAgentIds[1]", kind: "add", new: B }]],
    ["the mapping", { requestContextMapping: { From: "caller.number", To: "line.number" } }, "requestContextMapping", [
      { path: "requestContextMapping.From", kind: "update", old: "caller.number", new: "user.phone_number" },
    ]],
    ["authId", { authId: "MACHANGEDINCONSOLE01" }, "authId", [{ path: "authId", kind: "update", old: "MACHANGEDINCONSOLE01", new: "MAFAKEAUTHID000000001" }]],
    ["allow-all", { callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true }, "callCreationAllowAllAgents", [
      { path: "callCreationAllowAllAgents", kind: "update", old: true, new: false },
    ]],
  ])("%s drifted: refresh reports it, and the preview after it shows the way back", async (_name, drift, key, changes) => {
    f.emulator.changeOutOfBand(f.apiKey, drift);
    const refresh = await engine.refresh();
    expect(rowDiff(step(refresh))?.update).toContain(key);
    const preview = await engine.preview(base);
    expect(rowDiff(step(preview))?.update).toContain(key);
    expect(leafChanges(step(preview), "preview")).toEqual(expect.arrayContaining(changes));
  });
});

describe("values not known yet", () => {
  it("are a change in preview, never a check failure", async () => {
    // What the engine sends during preview when an input comes from another resource's output.
    const [resource] = base;
    const [state] = engine.state.values();
    const news = { ...resource.inputs, authId: UNKNOWN, callCreationAllowedAgentIds: [A, UNKNOWN] };
    const checked = await f.provider.check(resource.urn, state.inputs, news);
    expect(checked.failures).toEqual([]);
    const diff = await f.provider.diff(resource.urn, state.id, state.outputs, checked.inputs, state.inputs);
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect(f.emulator.log).toHaveLength(0);
  });
});

describe("nothing changed", () => {
  it("shows no update: plain, right after a refresh, and after an upgrade changed __provider", async () => {
    expect(step(await engine.preview(base)).op).toBe("same");

    const { refresh, preview } = await engine.previewWithRefresh(base);
    expect(step(refresh).refreshResult).toBe("same");
    expect(step(preview).op).toBe("same");

    // An upgraded package serializes another __provider text; the stored one is the old.
    const upgraded = base.map((r) => ({ ...r, inputs: { ...r.inputs, __provider: `${String(r.inputs.__provider)}\n// 0.2.0` } }));
    const afterUpgrade = await engine.up(upgraded);
    expect(afterUpgrade.steps.map((s) => s.op)).toEqual(["same"]);
    expect(f.emulator.writes()).toHaveLength(0);
  });
});
