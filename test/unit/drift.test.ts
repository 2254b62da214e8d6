/**
 * diff and the drift rule, for every carrier: what counts as a change, what does not, and how a
 * secret changed outside Pulumi is found through the prefix the API reports, each secret on its own.
 */
import { UNKNOWN } from "../../provider/core/values";
import { CARRIERS, PLIVO, secretValues } from "../carriers";
import { AGENT_A, AGENT_B, desired, fixture, type Fixture } from "../support";

type Props = Record<string, unknown>;

describe.each(CARRIERS)("$resource", (carrier) => {
  let f: Fixture;
  let state: Props;
  beforeEach(async () => {
    f = await fixture({ carrier });
    state = (await f.provider.create(desired(carrier, { callCreationAllowedAgentIds: [AGENT_A, AGENT_B] }))).outs;
    f.emulator.clearLog();
  });
  afterEach(() => f.emulator.stop());

  const news = (overrides: Props = {}) => desired(carrier, { callCreationAllowedAgentIds: [AGENT_A, AGENT_B], ...overrides });
  const rotate = (field: string) => f.emulator.changeOutOfBand(f.apiKey, { [field]: carrier.values[field].console }, carrier.name);

  describe("diff", () => {
    it("reports no change when nothing differs, without any request", async () => {
      expect(await f.provider.diff(carrier.name, state, news())).toEqual({ changes: false });
      expect(f.emulator.log).toHaveLength(0);
    });

    it("ignores the order and letter case of agent ids, the key order of the mapping, and __provider", async () => {
      expect(
        (await f.provider.diff(carrier.name, state, news({ callCreationAllowedAgentIds: [AGENT_B.toUpperCase(), AGENT_A] }))).changes,
      ).toBe(false);
      const withMapping = (await f.provider.create(desired(carrier, { requestContextMapping: { From: "a.b", To: "c.d" } }))).outs;
      expect(
        (await f.provider.diff(carrier.name, withMapping, desired(carrier, { requestContextMapping: { To: "c.d", From: "a.b" } }))).changes,
      ).toBe(false);
      expect(
        (await f.provider.diff(carrier.name, { ...state, __provider: "old code" }, { ...news(), __provider: "new code" })).changes,
      ).toBe(false);
    });

    it.each([
      ["an account field", () => carrier.otherIdentity],
      ["an added agent", () => ({ callCreationAllowedAgentIds: [AGENT_A] })],
      ["allow-all", () => ({ callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true })],
      ["the mapping", () => ({ requestContextMapping: { To: "line.number" } })],
      ["the base URL", () => ({ baseUrl: "http://127.0.0.1:1" })],
    ])("reports a change of %s, never as a replacement", async (_name, overrides) => {
      const result = await f.provider.diff(carrier.name, state, news(overrides()));
      // "Unknown": the engine diffs the inputs itself and shows the leaves that changed.
      expect(result.changes).toBeUndefined();
      expect((result as { replaces?: string[] }).replaces ?? []).toEqual([]);
    });

    it.each(carrier.secrets.map((s) => s.field))("reports a new %s in the program as unknown, so the engine names it", async (field) => {
      // undefined → DIFF_UNKNOWN: the engine diffs the stored and new inputs itself, in plaintext.
      expect(await f.provider.diff(carrier.name, state, news({ [field]: carrier.values[field].next }))).toEqual({ changes: undefined });
    });

    it("reports a new resource ultravoxApiKey the same way", async () => {
      expect(
        (await f.provider.diff(carrier.name, state, news({ ultravoxApiKey: "emu00000.1f2e3d4c5b6a79881f2e3d4c5b6a7988" }))).changes,
      ).toBeUndefined();
    });

    it("reports a value unknown during preview as a plain change", async () => {
      for (const overrides of [
        { callCreationAllowedAgentIds: [UNKNOWN] },
        { [Object.keys(carrier.identity)[0]]: UNKNOWN },
        { [carrier.secrets[0].field]: UNKNOWN },
      ]) {
        expect((await f.provider.diff(carrier.name, state, news(overrides))).changes).toBe(true);
      }
    });
  });

  describe("drift", () => {
    it.each(carrier.secrets)(
      "finds $field rotated outside Pulumi, on its own: refresh records the new prefix and marks only it",
      async (secret) => {
        rotate(secret.field);
        const read = await f.provider.read(carrier.name, state);
        expect(read.props).toMatchObject({
          [secret.field]: carrier.values[secret.field].first,
          [secret.prefixField]: f.emulator.prefixOf(carrier.values[secret.field].console),
          [`${secret.prefixField}AtLastWrite`]: f.emulator.prefixOf(carrier.values[secret.field].first),
        });
        expect(read.inputs?.[secret.field]).toMatch(/^\[changed outside Pulumi: /);
        expect(String(read.inputs?.[secret.field])).not.toContain(carrier.values[secret.field].first);
        for (const other of carrier.secrets.filter((s) => s !== secret))
          expect(read.inputs?.[other.field]).toBe(carrier.values[other.field].first);

        // The program still asks for its value: a change (the next up writes it back)...
        expect((await f.provider.diff(carrier.name, read.props!, news())).changes).toBeUndefined();
        // ...and during the refresh itself (refreshed outputs against the stored inputs) too.
        expect((await f.provider.diff(carrier.name, read.props!, { ...state })).changes).toBeUndefined();
      },
    );

    it("clears once the secrets are written again", async () => {
      for (const s of carrier.secrets) rotate(s.field);
      const read = await f.provider.read(carrier.name, state);
      const updated = await f.provider.update(carrier.name, read.props!, news());
      expect(f.emulator.config(f.apiKey, carrier.name)).toMatchObject(secretValues(carrier, "first"));
      expect((await f.provider.diff(carrier.name, updated.outs, news())).changes).toBe(false);
      const again = await f.provider.read(carrier.name, updated.outs);
      expect(again.inputs).toMatchObject(secretValues(carrier, "first"));
    });

    it("is stable: a second read with nothing changed returns the same state and inputs", async () => {
      rotate(carrier.secrets[0].field);
      f.emulator.changeOutOfBand(f.apiKey, { callCreationAllowedAgentIds: [AGENT_B] }, carrier.name);
      const first = await f.provider.read(carrier.name, state);
      const second = await f.provider.read(carrier.name, first.props);
      expect(second).toEqual(first);
    });

    it("finds each non-secret field changed outside Pulumi through read", async () => {
      const remote = {
        callCreationAllowedAgentIds: [],
        callCreationAllowAllAgents: true,
        requestContextMapping: { To: "x.y" },
        ...carrier.otherIdentity,
      };
      f.emulator.changeOutOfBand(f.apiKey, remote, carrier.name);
      const read = await f.provider.read(carrier.name, state);
      for (const field of Object.keys(remote)) {
        const onlyThisDrifted = { ...state, [field]: read.props![field] };
        // "Unknown": a change, whose leaves the engine finds in the inputs read returned.
        expect({ field, changes: (await f.provider.diff(carrier.name, onlyThisDrifted, news())).changes }).toEqual({
          field,
          changes: undefined,
        });
      }
    });

    it("never sends the marker: with ignoreChanges on a secret it is left as it is", async () => {
      const [secret] = carrier.secrets;
      rotate(secret.field);
      const read = await f.provider.read(carrier.name, state);
      // ignoreChanges hands the stored (marker) value back as the desired one.
      const marker = read.inputs![secret.field];
      expect((await f.provider.diff(carrier.name, read.props!, news({ [secret.field]: marker }))).changes).toBe(false);
      f.emulator.clearLog();
      const updated = await f.provider.update(
        carrier.name,
        read.props!,
        news({ [secret.field]: marker, callCreationAllowedAgentIds: [AGENT_A] }),
      );
      expect(f.emulator.calls[0].body).not.toHaveProperty(secret.field);
      expect(f.emulator.config(f.apiKey, carrier.name)?.[secret.field]).toBe(carrier.values[secret.field].console);
      expect(updated.outs).toMatchObject({
        [secret.field]: carrier.values[secret.field].first,
        [`${secret.prefixField}AtLastWrite`]: f.emulator.prefixOf(carrier.values[secret.field].first),
      });
    });
  });
});

describe("prefixes", () => {
  it("are not assumed to be literal prefixes of the secret, nor of any length", async () => {
    const hashed = await fixture({
      carrier: PLIVO,
      emulator: { tokenPrefix: (t) => `…${[...t].reverse().join("").slice(0, 3)}#${t.length}` },
    });
    try {
      const outs = (await hashed.provider.create(desired(PLIVO))).outs;
      expect(outs.authTokenPrefix).not.toBe(PLIVO.values.authToken.first.slice(0, String(outs.authTokenPrefix).length));
      expect((await hashed.provider.diff("plivo", outs, desired(PLIVO))).changes).toBe(false);
      hashed.emulator.changeOutOfBand(hashed.apiKey, { authToken: "another-fake-token-9" });
      const read = await hashed.provider.read("plivo", outs);
      expect((await hashed.provider.diff("plivo", read.props!, desired(PLIVO))).changes).toBeUndefined();
    } finally {
      await hashed.emulator.stop();
    }
  });
});
