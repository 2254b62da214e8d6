/**
 * diff and the drift rule: what counts as a change, what does not, and how a token changed
 * outside Pulumi is found through the prefix the API reports.
 */
import { UNKNOWN } from "../../provider/core/validation";
import { AGENT_A, AGENT_B, OTHER_TOKEN, TOKEN, desired, fixture, type Fixture } from "../support";

let f: Fixture;
let state: Record<string, unknown>;
beforeEach(async () => {
  f = await fixture();
  state = (await f.provider.create(desired({ callCreationAllowedAgentIds: [AGENT_A, AGENT_B] }))).outs;
  f.emulator.clearLog();
});
afterEach(() => f.emulator.stop());

const news = (overrides: Record<string, unknown> = {}) => desired({ callCreationAllowedAgentIds: [AGENT_A, AGENT_B], ...overrides });

describe("diff", () => {
  it("reports no change when nothing differs, without any request", async () => {
    expect(await f.provider.diff("plivo", state, news())).toEqual({ changes: false });
    expect(f.emulator.log).toHaveLength(0);
  });

  it("ignores the order and letter case of agent ids, and the key order of the mapping", async () => {
    const reordered = news({ callCreationAllowedAgentIds: [AGENT_B.toUpperCase(), AGENT_A] });
    expect((await f.provider.diff("plivo", state, reordered)).changes).toBe(false);
    const withMapping = (await f.provider.create(desired({ requestContextMapping: { From: "a.b", To: "c.d" } }))).outs;
    expect((await f.provider.diff("plivo", withMapping, desired({ requestContextMapping: { To: "c.d", From: "a.b" } }))).changes).toBe(false);
  });

  it("ignores a changed __provider text", async () => {
    expect((await f.provider.diff("plivo", { ...state, __provider: "old code" }, { ...news(), __provider: "new code" })).changes).toBe(false);
  });

  it.each([
    ["authId", { authId: "MAOTHER" }],
    ["an added agent", { callCreationAllowedAgentIds: [AGENT_A] }],
    ["allow-all", { callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true }],
    ["the mapping", { requestContextMapping: { To: "line.number" } }],
    ["the base URL", { baseUrl: "http://127.0.0.1:1" }],
  ])("reports a change of %s, never as a replacement", async (_name, overrides) => {
    const result = await f.provider.diff("plivo", state, news(overrides));
    expect(result.changes).toBe(true);
    expect(result.replaces ?? []).toEqual([]);
  });

  it("reports a new token in the program as unknown, so the engine names authToken", async () => {
    const result = await f.provider.diff("plivo", state, news({ authToken: OTHER_TOKEN }));
    // undefined → DIFF_UNKNOWN: the engine diffs the stored and new inputs itself, in plaintext.
    expect(result).toEqual({ changes: undefined });
  });

  it("reports a new resource apiKey the same way", async () => {
    expect((await f.provider.diff("plivo", state, news({ apiKey: "emu00000.00000000000000000000000000000000" }))).changes).toBeUndefined();
  });

  it("reports a value unknown during preview as a change", async () => {
    expect((await f.provider.diff("plivo", state, news({ callCreationAllowedAgentIds: [UNKNOWN] }))).changes).toBe(true);
    expect((await f.provider.diff("plivo", state, news({ authId: UNKNOWN }))).changes).toBe(true);
    expect((await f.provider.diff("plivo", state, news({ authToken: UNKNOWN }))).changes).toBe(true);
  });
});

describe("drift", () => {
  it("finds a token rotated outside Pulumi: refresh records the new prefix and marks the token in the inputs", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authToken: OTHER_TOKEN });
    const read = await f.provider.read("plivo", state);
    expect(read.props).toMatchObject({
      authToken: TOKEN,
      authTokenPrefix: f.emulator.prefixOf(OTHER_TOKEN),
      authTokenPrefixAtLastWrite: f.emulator.prefixOf(TOKEN),
    });
    expect(read.inputs?.authToken).toMatch(/^\[changed outside Pulumi: /);
    expect(String(read.inputs?.authToken)).not.toContain(TOKEN);

    // The program still asks for TOKEN: that is a change (the next up writes it back).
    expect((await f.provider.diff("plivo", read.props, news())).changes).toBeUndefined();
    // And during the refresh itself (refreshed outputs against the stored inputs) too.
    expect((await f.provider.diff("plivo", read.props, { ...state })).changes).toBeUndefined();
  });

  it("does not assume the prefix is a literal prefix of the token, nor its length", async () => {
    const hashed = await fixture({ emulator: { tokenPrefix: (t) => `…${[...t].reverse().join("").slice(0, 3)}#${t.length}` } });
    try {
      const outs = (await hashed.provider.create(desired())).outs;
      expect(outs.authTokenPrefix).not.toBe(TOKEN.slice(0, String(outs.authTokenPrefix).length));
      expect((await hashed.provider.diff("plivo", outs, desired())).changes).toBe(false);
      hashed.emulator.changeOutOfBand(hashed.apiKey, { authToken: "another-fake-token-9" });
      const read = await hashed.provider.read("plivo", outs);
      expect((await hashed.provider.diff("plivo", read.props, desired())).changes).toBeUndefined();
    } finally {
      await hashed.emulator.stop();
    }
  });

  it("clears once the token is written again", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authToken: OTHER_TOKEN });
    const read = await f.provider.read("plivo", state);
    const updated = await f.provider.update("plivo", read.props, news());
    expect(f.emulator.config(f.apiKey)?.authToken).toBe(TOKEN);
    expect((await f.provider.diff("plivo", updated.outs, news())).changes).toBe(false);
    const again = await f.provider.read("plivo", updated.outs);
    expect(again.inputs?.authToken).toBe(TOKEN);
  });

  it("is stable: a second read with nothing changed returns the same state and inputs", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authToken: OTHER_TOKEN, callCreationAllowedAgentIds: [AGENT_B] });
    const first = await f.provider.read("plivo", state);
    const second = await f.provider.read("plivo", first.props);
    expect(second).toEqual(first);
  });

  it("finds agent list, mapping, authId and allow-all changed outside Pulumi through read", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true, requestContextMapping: { To: "x.y" }, authId: "MAOTHER" });
    const read = await f.provider.read("plivo", state);
    expect((await f.provider.diff("plivo", read.props, news())).changes).toBe(true);
    // Each field alone is enough.
    for (const field of ["callCreationAllowedAgentIds", "callCreationAllowAllAgents", "requestContextMapping", "authId"]) {
      const onlyThisDrifted = { ...state, [field]: read.props![field] };
      expect({ field, changes: (await f.provider.diff("plivo", onlyThisDrifted, news())).changes }).toEqual({ field, changes: true });
    }
  });

  it("never sends the marker: with ignoreChanges on authToken the token is left as it is", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authToken: OTHER_TOKEN });
    const read = await f.provider.read("plivo", state);
    // ignoreChanges: ["authToken"] hands the stored (marker) value back as the desired one.
    const ignored = news({ authToken: read.inputs!.authToken, callCreationAllowedAgentIds: [AGENT_A] });
    expect((await f.provider.diff("plivo", read.props, news({ authToken: read.inputs!.authToken }))).changes).toBe(false);
    f.emulator.clearLog();
    const updated = await f.provider.update("plivo", read.props, ignored);
    expect(f.emulator.log[0].body).not.toHaveProperty("authToken");
    expect(f.emulator.config(f.apiKey)?.authToken).toBe(OTHER_TOKEN);
    expect(updated.outs).toMatchObject({ authToken: TOKEN, authTokenPrefixAtLastWrite: f.emulator.prefixOf(TOKEN) });
  });
});
