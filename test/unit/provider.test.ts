/**
 * create, update, read and delete against the emulator, for every carrier: what reaches the API,
 * what the state records, and what survives.
 */
import { UltravoxEmulator } from "../../emulator/server";
import { SpecProvider } from "../../provider/core/spec-provider";
import { telephonySpec } from "../../provider/telephony/carrier";
import { CARRIERS, PLIVO, secretValues } from "../carriers";
import { AGENT_A, AGENT_B, AGENT_C, desired, fixture, SPECS, type Fixture } from "../support";

describe.each(CARRIERS)("$resource", (carrier) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture({ carrier });
  });
  afterEach(() => f.emulator.stop());

  const first = secretValues(carrier, "first");
  const next = secretValues(carrier, "next");
  const prefixes = (values: Record<string, string>) =>
    Object.fromEntries(
      carrier.secrets.flatMap((s) => [
        [s.prefixField, f.emulator.prefixOf(values[s.field])],
        [`${s.prefixField}AtLastWrite`, f.emulator.prefixOf(values[s.field])],
      ]),
    );
  const config = () => f.emulator.config(f.apiKey, carrier.name);

  describe("create", () => {
    it("POSTs after the PATCH finds no config, and records each reported prefix", async () => {
      const result = await f.provider.create(desired(carrier));
      expect(result.id).toBe(carrier.name);
      expect(f.emulator.calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        `PATCH /api/telephony_configs/${carrier.name} 404`,
        `POST /api/telephony_configs/${carrier.name} 201`,
      ]);
      expect(config()).toMatchObject({ ...first, callCreationAllowedAgentIds: [AGENT_A] });
      expect(result.outs).toEqual({
        ...desired(carrier),
        ...prefixes(first),
        accountId: f.emulator.accountId(f.apiKey),
        ultravoxApiKeyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
    });

    it("adopts an existing config with one PATCH of the whole desired config", async () => {
      f.emulator.changeOutOfBand(f.apiKey, { ...carrier.otherIdentity, ...next, callCreationAllowedAgentIds: [AGENT_B] }, carrier.name);
      await f.provider.create(desired(carrier));
      expect(f.emulator.calls.map((r) => r.method)).toEqual(["PATCH"]);
      expect(f.emulator.calls[0].body).toEqual(desired(carrier));
      expect(config()).toMatchObject({ ...carrier.identity, ...first, callCreationAllowedAgentIds: [AGENT_A] });
    });

    it("keeps a resource's own ultravoxApiKey and baseUrl in the state so read and delete reach the same account", async () => {
      const other = f.emulator.addAccount();
      const result = await f.provider.create(desired(carrier, { ultravoxApiKey: other, baseUrl: f.emulator.url }));
      expect(f.emulator.config(other, carrier.name)).toBeDefined();
      expect(config()).toBeUndefined();
      expect(result.outs).toMatchObject({ ultravoxApiKey: other, baseUrl: f.emulator.url });
    });
  });

  describe("update", () => {
    it("PATCHes the whole desired state, clearing fields removed from the program", async () => {
      const created = await f.provider.create(
        desired(carrier, {
          callCreationAllowedAgentIds: [AGENT_A, AGENT_B],
          requestContextMapping: { From: "user.phone_number", To: "line.number" },
        }),
      );
      f.emulator.clearLog();
      const news = desired(carrier, { callCreationAllowedAgentIds: [], requestContextMapping: {} });
      const result = await f.provider.update(carrier.name, created.outs, news);
      expect(f.emulator.calls.map((r) => r.method)).toEqual(["PATCH"]);
      expect(f.emulator.calls[0].body).toEqual(news);
      expect(config()).toMatchObject({ callCreationAllowedAgentIds: [], requestContextMapping: {}, callCreationAllowAllAgents: false });
      expect(result.outs).toMatchObject({ callCreationAllowedAgentIds: [], requestContextMapping: {} });
    });

    it("switches from a list to allow-all in one PATCH", async () => {
      const created = await f.provider.create(desired(carrier));
      f.emulator.clearLog();
      await f.provider.update(
        carrier.name,
        created.outs,
        desired(carrier, { callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true }),
      );
      expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 200"]);
      expect(config()).toMatchObject({ callCreationAllowAllAgents: true, callCreationAllowedAgentIds: [] });
    });

    it("POSTs the desired config again when it was deleted meanwhile", async () => {
      const created = await f.provider.create(desired(carrier));
      f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
      f.emulator.clearLog();
      const result = await f.provider.update(carrier.name, created.outs, desired(carrier, { callCreationAllowedAgentIds: [AGENT_C] }));
      expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404", "POST 201"]);
      expect(result.outs).toMatchObject({ callCreationAllowedAgentIds: [AGENT_C] });
    });

    it("records each new prefix as both current and last written after writing new secrets", async () => {
      const created = await f.provider.create(desired(carrier));
      const result = await f.provider.update(carrier.name, created.outs, desired(carrier, next));
      expect(result.outs).toMatchObject({ ...next, ...prefixes(next) });
    });
  });

  describe("read", () => {
    it("reports a config deleted outside Pulumi as gone (empty id)", async () => {
      const created = await f.provider.create(desired(carrier));
      f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
      expect(await f.provider.read(carrier.name, created.outs)).toEqual({ id: "" });
    });

    it("returns the state unchanged, and matching inputs, when nothing changed", async () => {
      const created = await f.provider.create(desired(carrier, { callCreationAllowedAgentIds: [AGENT_B, AGENT_A] }));
      const read = await f.provider.read(carrier.name, { ...created.outs, __provider: "serialized" });
      expect(read.id).toBe(carrier.name);
      expect(read.props).toEqual(created.outs);
      expect(read.inputs).toEqual(desired(carrier, { callCreationAllowedAgentIds: [AGENT_B, AGENT_A] }));
    });

    it("keeps the recorded order of an agent list the API returns reordered", async () => {
      const created = await f.provider.create(desired(carrier, { callCreationAllowedAgentIds: [AGENT_A, AGENT_B] }));
      f.emulator.changeOutOfBand(f.apiKey, { callCreationAllowedAgentIds: [AGENT_B.toUpperCase(), AGENT_A] }, carrier.name);
      const read = await f.provider.read(carrier.name, created.outs);
      expect(read.props?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);
    });

    it("merges remote changes into the old state, keeping the secrets it cannot read", async () => {
      const created = await f.provider.create(desired(carrier));
      const remote = { callCreationAllowedAgentIds: [AGENT_A, AGENT_C], requestContextMapping: {}, ...carrier.otherIdentity };
      f.emulator.changeOutOfBand(f.apiKey, remote, carrier.name);
      const read = await f.provider.read(carrier.name, created.outs);
      expect(read.props).toEqual({ ...created.outs, ...remote });
      expect(read.inputs).toEqual(desired(carrier, remote));
    });

    it("reads with the resource's own ultravoxApiKey, and keeps it in the state and inputs", async () => {
      const other = f.emulator.addAccount();
      const created = await f.provider.create(desired(carrier, { ultravoxApiKey: other }));
      f.emulator.clearLog();
      const read = await f.provider.read(carrier.name, created.outs);
      expect(f.emulator.calls[0].apiKey).toBe(other);
      expect(read.props?.ultravoxApiKey).toBe(other);
      expect(read.inputs?.ultravoxApiKey).toBe(other);
    });
  });

  describe("delete", () => {
    it("DELETEs the config", async () => {
      const created = await f.provider.create(desired(carrier));
      f.emulator.clearLog();
      await f.provider.delete(carrier.name, created.outs);
      expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 204"]);
      expect(config()).toBeUndefined();
    });

    it("succeeds when the config is already gone (404)", async () => {
      const created = await f.provider.create(desired(carrier));
      f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
      await expect(f.provider.delete(carrier.name, created.outs)).resolves.toBeUndefined();
    });

    it("fails on other errors, naming the status", async () => {
      const created = await f.provider.create(desired(carrier));
      f.emulator.inject({ kind: "status", status: 403 });
      await expect(f.provider.delete(carrier.name, created.outs)).rejects.toThrow(/403 Forbidden/);
      expect(config()).toBeDefined();
    });
  });
});

describe("a stack setting that cannot be read", () => {
  it("fails every method with configure's own error, and sends nothing", async () => {
    const emulator = await new UltravoxEmulator().start();
    const apiKey = emulator.addAccount();
    try {
      const stack: Record<string, string> = { "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url, "ultravox:timeoutMs": "30s" };
      const provider = new SpecProvider(telephonySpec(SPECS.plivo), SPECS.plivo.apiKeyInputs);
      const error = (await provider.configure({ config: { get: (key: string) => stack[key] } }).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/ultravox:timeoutMs must be a whole number/);
      const state = desired(PLIVO);
      for (const call of [
        provider.check({}, state),
        provider.diff("plivo", state, state),
        provider.create(state),
        provider.read("plivo", state),
        provider.update("plivo", state, state),
        provider.delete("plivo", state),
      ]) {
        await expect(call).rejects.toBe(error);
      }
      expect(emulator.log).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});
