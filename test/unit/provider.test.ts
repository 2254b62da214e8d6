/**
 * create, update, read and delete against the emulator: what reaches the API, what the state
 * records, and what survives.
 */
import { AGENT_A, AGENT_B, AGENT_C, OTHER_TOKEN, TOKEN, desired, fixture, type Fixture } from "../support";

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(() => f.emulator.stop());

describe("create", () => {
  it("POSTs after the PATCH finds no config, and records the reported prefix", async () => {
    const result = await f.provider.create(desired());
    expect(result.id).toBe("plivo");
    expect(f.emulator.log.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404", "POST 201"]);
    expect(f.emulator.config(f.apiKey)).toMatchObject({ authToken: TOKEN, callCreationAllowedAgentIds: [AGENT_A] });
    expect(result.outs).toEqual({
      ...desired(),
      authTokenPrefix: f.emulator.prefixOf(TOKEN),
      authTokenPrefixAtLastWrite: f.emulator.prefixOf(TOKEN),
    });
  });

  it("adopts an existing config with one PATCH of the whole desired config", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authId: "MAOLD", authToken: OTHER_TOKEN, callCreationAllowedAgentIds: [AGENT_B] });
    await f.provider.create(desired());
    expect(f.emulator.log.map((r) => r.method)).toEqual(["PATCH"]);
    expect(f.emulator.log[0].body).toEqual(desired());
    expect(f.emulator.config(f.apiKey)).toMatchObject({ authId: desired().authId, authToken: TOKEN, callCreationAllowedAgentIds: [AGENT_A] });
  });

  it("keeps a resource's own apiKey and baseUrl in the state so read and delete reach the same account", async () => {
    const other = f.emulator.addAccount();
    const result = await f.provider.create(desired({ apiKey: other, baseUrl: f.emulator.url }));
    expect(f.emulator.config(other)).toBeDefined();
    expect(f.emulator.config(f.apiKey)).toBeUndefined();
    expect(result.outs).toMatchObject({ apiKey: other, baseUrl: f.emulator.url });
  });
});

describe("update", () => {
  it("PATCHes the whole desired state, clearing fields removed from the program", async () => {
    const created = await f.provider.create(desired({ callCreationAllowedAgentIds: [AGENT_A, AGENT_B], requestContextMapping: { From: "user.phone_number", To: "line.number" } }));
    f.emulator.clearLog();
    const news = desired({ callCreationAllowedAgentIds: [], requestContextMapping: {} });
    const result = await f.provider.update("plivo", created.outs, news);
    expect(f.emulator.log.map((r) => r.method)).toEqual(["PATCH"]);
    expect(f.emulator.log[0].body).toEqual(news);
    expect(f.emulator.config(f.apiKey)).toMatchObject({ callCreationAllowedAgentIds: [], requestContextMapping: {}, callCreationAllowAllAgents: false });
    expect(result.outs).toMatchObject({ callCreationAllowedAgentIds: [], requestContextMapping: {} });
  });

  it("switches from a list to allow-all in one PATCH", async () => {
    const created = await f.provider.create(desired());
    f.emulator.clearLog();
    await f.provider.update("plivo", created.outs, desired({ callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true }));
    expect(f.emulator.log.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 200"]);
    expect(f.emulator.config(f.apiKey)).toMatchObject({ callCreationAllowAllAgents: true, callCreationAllowedAgentIds: [] });
  });

  it("POSTs the desired config again when it was deleted meanwhile", async () => {
    const created = await f.provider.create(desired());
    f.emulator.deleteOutOfBand(f.apiKey);
    f.emulator.clearLog();
    const result = await f.provider.update("plivo", created.outs, desired({ callCreationAllowedAgentIds: [AGENT_C] }));
    expect(f.emulator.log.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404", "POST 201"]);
    expect(result.outs).toMatchObject({ callCreationAllowedAgentIds: [AGENT_C] });
  });

  it("records the new prefix as both current and last written after writing a new token", async () => {
    const created = await f.provider.create(desired());
    const result = await f.provider.update("plivo", created.outs, desired({ authToken: OTHER_TOKEN }));
    expect(result.outs).toMatchObject({
      authToken: OTHER_TOKEN,
      authTokenPrefix: f.emulator.prefixOf(OTHER_TOKEN),
      authTokenPrefixAtLastWrite: f.emulator.prefixOf(OTHER_TOKEN),
    });
  });
});

describe("read", () => {
  it("reports a config deleted outside Pulumi as gone (empty id)", async () => {
    const created = await f.provider.create(desired());
    f.emulator.deleteOutOfBand(f.apiKey);
    expect(await f.provider.read("plivo", created.outs)).toEqual({ id: "" });
  });

  it("returns the state unchanged, and matching inputs, when nothing changed", async () => {
    const created = await f.provider.create(desired({ callCreationAllowedAgentIds: [AGENT_B, AGENT_A] }));
    const read = await f.provider.read("plivo", { ...created.outs, __provider: "serialized" });
    expect(read.id).toBe("plivo");
    expect(read.props).toEqual(created.outs);
    expect(read.inputs).toEqual(desired({ callCreationAllowedAgentIds: [AGENT_B, AGENT_A] }));
  });

  it("keeps the recorded order of an agent list the API returns reordered", async () => {
    const created = await f.provider.create(desired({ callCreationAllowedAgentIds: [AGENT_A, AGENT_B] }));
    f.emulator.changeOutOfBand(f.apiKey, { callCreationAllowedAgentIds: [AGENT_B.toUpperCase(), AGENT_A] });
    const read = await f.provider.read("plivo", created.outs);
    expect(read.props?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);
  });

  it("merges remote changes into the old state, keeping the token it cannot read", async () => {
    const created = await f.provider.create(desired());
    f.emulator.changeOutOfBand(f.apiKey, { callCreationAllowedAgentIds: [AGENT_A, AGENT_C], requestContextMapping: {}, authId: "MAOTHER", callCreationAllowAllAgents: false });
    const read = await f.provider.read("plivo", created.outs);
    expect(read.props).toEqual({
      ...created.outs,
      authId: "MAOTHER",
      callCreationAllowedAgentIds: [AGENT_A, AGENT_C],
      requestContextMapping: {},
    });
    expect(read.inputs).toEqual(desired({ authId: "MAOTHER", callCreationAllowedAgentIds: [AGENT_A, AGENT_C], requestContextMapping: {} }));
  });

  it("reads with the resource's own apiKey, and keeps it in the state and inputs", async () => {
    const other = f.emulator.addAccount();
    const created = await f.provider.create(desired({ apiKey: other }));
    f.emulator.clearLog();
    const read = await f.provider.read("plivo", created.outs);
    expect(f.emulator.log[0].apiKey).toBe(other);
    expect(read.props?.apiKey).toBe(other);
    expect(read.inputs?.apiKey).toBe(other);
  });
});

describe("delete", () => {
  it("DELETEs the config", async () => {
    const created = await f.provider.create(desired());
    f.emulator.clearLog();
    await f.provider.delete("plivo", created.outs);
    expect(f.emulator.log.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 204"]);
    expect(f.emulator.config(f.apiKey)).toBeUndefined();
  });

  it("succeeds when the config is already gone (404)", async () => {
    const created = await f.provider.create(desired());
    f.emulator.deleteOutOfBand(f.apiKey);
    await expect(f.provider.delete("plivo", created.outs)).resolves.toBeUndefined();
  });

  it("fails on other errors, naming the status", async () => {
    const created = await f.provider.create(desired());
    f.emulator.inject({ kind: "status", status: 403 });
    await expect(f.provider.delete("plivo", created.outs)).rejects.toThrow(/403 Forbidden/);
    expect(f.emulator.config(f.apiKey)).toBeDefined();
  });
});
