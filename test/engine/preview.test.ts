/**
 * What a reviewer sees: `pulumi preview` (and `--diff`, `--refresh`, `pulumi refresh`) for every
 * kind of change, rendered by the harness by the engine's own rules (test/harness/preview.ts),
 * from what Pulumi's real provider process answered.
 */
import { Engine, type OperationResult } from "../harness/engine";
import { render, type RenderOptions } from "../harness/preview";
import type { RegisteredResource } from "../harness/program";
import { AGENT_A as A, AGENT_B as B, AGENT_C as C } from "../values";
import { engineFixture, type EngineFixture } from "./fixture";

const TOKEN = "tokV-ff9243a8f506b40928b5";
const NEW_TOKEN = "tokW-b7a767c76fb008f86beb";
const ROTATED = "tokZ-b2737f6a6f0fb23c6f5d";
const TYPE = "pulumi-nodejs:dynamic/ultravox:PlivoTelephonyConfig";

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

const show = (result: OperationResult, options: RenderOptions) => render(result, options);
const row = (text: string) => text.split("\n").find((l) => l.includes(TYPE));

describe("a new token in the program", () => {
  it("is named in the row and in the property lines, as [secret]", async () => {
    const news = await program([A, B], { "ultravox-app:plivoAuthToken": NEW_TOKEN });
    const preview = await engine.preview(news);
    expect(row(show(preview, { command: "preview" }))).toBe(` ~  ${TYPE} plivo update [diff: ~authToken]`);
    const diff = show(preview, { command: "preview", diff: true });
    expect(diff).toContain(`    ~ ${TYPE}: (update)`);
    expect(diff).toContain("      ~ authToken: [secret] => [secret]");
    expect(diff).not.toContain(TOKEN);
    expect(diff).not.toContain(NEW_TOKEN);
    expect(f.emulator.log).toHaveLength(0);
  });

  it("would be invisible had the provider answered a plain DIFF_SOME (why it answers DIFF_UNKNOWN)", async () => {
    const news = await program([A, B], { "ultravox-app:plivoAuthToken": NEW_TOKEN });
    const preview = await engine.preview(news);
    const asSome: OperationResult = { ...preview, steps: preview.steps.map((s) => ({ ...s, providerDiff: "some", detailedDiff: undefined })) };
    expect(row(show(asSome, { command: "preview" }))).toBe(` ~  ${TYPE} plivo update`);
    expect(show(asSome, { command: "preview", diff: true })).not.toContain("~ authToken");
  });
});

describe("a token rotated outside Pulumi", () => {
  it("is named by `pulumi preview --refresh` and reported by `pulumi refresh`", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authToken: ROTATED });
    const { refresh, preview } = await engine.previewWithRefresh(base);
    expect(row(show(preview, { command: "preview" }))).toBe(` ~  ${TYPE} plivo update [diff: ~authToken]`);
    expect(show(preview, { command: "preview", diff: true })).toContain("      ~ authToken: [secret] => [secret]");
    expect(row(show(refresh, { command: "refresh" }))).toBe(` ~  ${TYPE} plivo updated [diff: ~authToken]`);
    expect(f.emulator.writes()).toHaveLength(0);
  });
});

describe("other properties", () => {
  it("changed in the program: property lines with old and new values, agent ids element by element", async () => {
    const news = await program([A, C]);
    const preview = await engine.preview(news);
    expect(row(show(preview, { command: "preview" }))).toBe(` ~  ${TYPE} plivo update [diff: ~callCreationAllowedAgentIds]`);
    const diff = show(preview, { command: "preview", diff: true }).split("\n");
    expect(diff).toEqual(
      expect.arrayContaining([
        `      ~ callCreationAllowedAgentIds: [`,
        `            [0]: "${A}"`,
        `          ~ [1]: "${B}" => "${C}"`,
        `        ]`,
        `        authId                     : "MAFAKEAUTHID000000001"`,
        `        authToken                  : [secret]`,
      ]),
    );
  });

  it.each([
    ["the agent list", { callCreationAllowedAgentIds: [A] }, "callCreationAllowedAgentIds", [`          + [1]: "${B}"`]],
    ["the mapping", { requestContextMapping: { From: "caller.number", To: "line.number" } }, "requestContextMapping", [`          ~ From: "caller.number" => "user.phone_number"`]],
    ["authId", { authId: "MACHANGEDINCONSOLE01" }, "authId", [`      ~ authId                     : "MACHANGEDINCONSOLE01" => "MAFAKEAUTHID000000001"`]],
    ["allow-all", { callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true }, "callCreationAllowAllAgents", [`      ~ callCreationAllowAllAgents : true => false`]],
  ])("%s drifted: refresh reports it, and the preview after it shows the way back", async (_name, drift, key, lines) => {
    f.emulator.changeOutOfBand(f.apiKey, drift);
    const refresh = await engine.refresh();
    expect(row(show(refresh, { command: "refresh" }))).toMatch(new RegExp(`^ ~  ${TYPE} plivo updated \\[diff: ~(\\w+,)*${key}`));
    const preview = await engine.preview(base);
    expect(row(show(preview, { command: "preview" }))).toMatch(new RegExp(`^ ~  ${TYPE} plivo update \\[diff: ~(\\w+,)*${key}`));
    const diff = show(preview, { command: "preview", diff: true }).split("\n");
    expect(diff).toEqual(expect.arrayContaining(lines));
  });
});

describe("values not known yet", () => {
  it("are a change in preview, never a check failure", async () => {
    // What the engine sends during preview when an input comes from another resource's output.
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
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
  it("shows no update row: plain, right after a refresh, and after an upgrade changed __provider", async () => {
    const plain = show(await engine.preview(base), { command: "preview" });
    expect(row(plain)).toBeUndefined();
    expect(plain).toContain("    2 unchanged");

    const { refresh, preview } = await engine.previewWithRefresh(base);
    expect(row(show(refresh, { command: "refresh" }))).toBeUndefined();
    expect(row(show(preview, { command: "preview" }))).toBeUndefined();

    // An upgraded package serializes another __provider text; the stored one is the old.
    const upgraded = base.map((r) => ({ ...r, inputs: { ...r.inputs, __provider: `${String(r.inputs.__provider)}\n// 0.2.0` } }));
    const afterUpgrade = await engine.up(upgraded);
    expect(afterUpgrade.steps.map((s) => s.op)).toEqual(["same"]);
    expect(row(show(afterUpgrade, { command: "up" }))).toBeUndefined();
    expect(f.emulator.writes()).toHaveLength(0);
  });

  it("`pulumi refresh` reports a clean resource as unchanged", async () => {
    const text = show(await engine.refresh(), { command: "refresh" });
    expect(row(text)).toBeUndefined();
    expect(text).toContain("    2 unchanged");
  });
});
