/**
 * The emulator's SIP config (`/api/sip`) and SIP registrations (`/api/sip/registrations`) behave as
 * the API document describes: one config per account with the API's defaults, partial PATCHes,
 * the fallback handler's generated secrets, a write-only registration password, DRF-shaped 400s,
 * 404s and 405s, and out-of-band controls for tests.
 */
import { changeSipConfig, sipConfigRoute } from "../../emulator/sip-config";
import { registrationsRoute, settleRegistration, writeRegistration } from "../../emulator/sip-registrations";
import { emulatorSuite } from "../emulator-suite";
import { AGENT_A, AGENT_B } from "../values";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?Z$/;
const GENERATED = /^[\w-]{43}$/;
const HANDLER = "https://sip-fallback.example.com/route";
const SIP_PASSWORD = "sipPw-emu-0001-fake";

const suite = emulatorSuite();
const { call } = suite;

describe("emulator SIP config", () => {
  it("starts with the API's defaults, its own domain, in each account", async () => {
    const expected = (key: string) => ({
      status: 200,
      body: {
        allowedCidrRanges: [],
        allowAllAgents: false,
        allowedAgents: [],
        fallbackHandler: null,
        domain: `${suite.emulator.accountId(key)}.sip.ultravox.invalid`,
      },
    });
    expect(await call("GET", "/api/sip")).toEqual(expected(suite.key));
    await call("PATCH", "/api/sip", { allowAllAgents: true });
    const other = suite.emulator.addAccount();
    expect(await call("GET", "/api/sip", undefined, other)).toEqual(expected(other));
  });

  it("patches only what it sends, fills in an allowance's default pattern, and ignores the read-only domain", async () => {
    const { body: before } = await call("GET", "/api/sip");
    const patched = await call("PATCH", "/api/sip", {
      allowedCidrRanges: ["203.0.113.0/24", "198.51.100.7/32"],
      allowedAgents: [{ agentId: AGENT_A }, { agentId: AGENT_B, toUserPattern: "^sales$" }],
      domain: "mine.example.com",
    });
    expect(patched).toEqual({
      status: 200,
      body: {
        ...before,
        allowedCidrRanges: ["203.0.113.0/24", "198.51.100.7/32"],
        allowedAgents: [
          { agentId: AGENT_A, toUserPattern: `^agent_${AGENT_A}$` },
          { agentId: AGENT_B, toUserPattern: "^sales$" },
        ],
      },
    });
    const again = await call("PATCH", "/api/sip", { allowAllAgents: true });
    expect(again.body).toEqual({ ...patched.body, allowAllAgents: true });
  });

  it("shows the fallback handler's secrets in clear, generates one when none is sent, replaces the handler whole and removes it with null", async () => {
    const sent = await call("PATCH", "/api/sip", { fallbackHandler: { url: HANDLER, secrets: ["fbSec-emu-0001-fake"] } });
    expect(sent.body?.fallbackHandler).toEqual({ url: HANDLER, secrets: ["fbSec-emu-0001-fake"] });
    // A handler sent without secrets is a new one: its secret is generated, the old one is gone.
    const replaced = await call("PATCH", "/api/sip", { fallbackHandler: { url: `${HANDLER}/v2` } });
    expect(replaced.body?.fallbackHandler).toEqual({ url: `${HANDLER}/v2`, secrets: [expect.stringMatching(GENERATED)] });
    expect((await call("PATCH", "/api/sip", { allowAllAgents: true })).body?.fallbackHandler).toEqual(replaced.body?.fallbackHandler);
    expect((await call("PATCH", "/api/sip", { fallbackHandler: null })).body?.fallbackHandler).toBeNull();
  });

  it.each([
    [
      "a network with host bits set",
      { allowedCidrRanges: ["10.0.0.1/8"] },
      { allowedCidrRanges: { "0": [expect.stringMatching(/CIDR/)] } },
    ],
    [
      "an address without a prefix length",
      { allowedCidrRanges: ["10.0.0.0/8", "10.0.0.1"] },
      { allowedCidrRanges: { "1": [expect.stringMatching(/CIDR/)] } },
    ],
    ["allow-all that is not a boolean", { allowAllAgents: "yes" }, { allowAllAgents: ["Must be a valid boolean."] }],
    [
      "21 allowances",
      { allowedAgents: Array(21).fill({ agentId: AGENT_A }) },
      { allowedAgents: ["Ensure this field has no more than 20 elements."] },
    ],
    [
      "an allowance without an agent, and a pattern of 201 characters",
      { allowedAgents: [{ agentId: AGENT_A }, { toUserPattern: "^a$" }, { agentId: AGENT_B, toUserPattern: "p".repeat(201) }] },
      {
        allowedAgents: [
          {},
          { agentId: ["This field is required."] },
          { toUserPattern: ["Ensure this field has no more than 200 characters."] },
        ],
      },
    ],
    ["a handler without a url", { fallbackHandler: { secrets: ["s"] } }, { fallbackHandler: { url: ["This field is required."] } }],
    [
      "a handler with no secret",
      { fallbackHandler: { url: HANDLER, secrets: [] } },
      { fallbackHandler: { secrets: ["Ensure this field has at least 1 elements."] } },
    ],
    [
      "a handler with 11 secrets",
      { fallbackHandler: { url: HANDLER, secrets: Array(11).fill("s") } },
      { fallbackHandler: { secrets: ["Ensure this field has no more than 10 elements."] } },
    ],
    [
      "a handler secret of 121 characters",
      { fallbackHandler: { url: HANDLER, secrets: ["x".repeat(121)] } },
      { fallbackHandler: { secrets: { "0": ["Ensure this field has no more than 120 characters."] } } },
    ],
    [
      "a handler that is not an object",
      { fallbackHandler: HANDLER },
      { fallbackHandler: { non_field_errors: ["Invalid data. Expected a dictionary, but got str."] } },
    ],
  ])("answers a DRF-shaped 400 naming the field for %s, and changes nothing", async (_name, body, errors) => {
    const { body: before } = await call("GET", "/api/sip");
    expect(await call("PATCH", "/api/sip", { allowAllAgents: true, ...body })).toEqual({ status: 400, body: errors });
    expect((await call("GET", "/api/sip")).body).toEqual(before);
  });

  it("answers 405 for the methods the document does not list, and 400 for a body that is not an object", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      expect(await call(method, "/api/sip", method === "DELETE" ? undefined : {})).toEqual({
        status: 405,
        body: { detail: `Method "${method}" not allowed.` },
      });
    }
    expect((await call("PATCH", "/api/sip", "not json")).status).toBe(400);
  });

  it("shows a change made behind the provider's back", async () => {
    changeSipConfig(suite.emulator.objects(suite.key, sipConfigRoute), {
      allowedCidrRanges: ["192.0.2.0/24"],
      fallbackHandler: { url: HANDLER },
    });
    expect((await call("GET", "/api/sip")).body).toMatchObject({
      allowedCidrRanges: ["192.0.2.0/24"],
      fallbackHandler: { url: HANDLER, secrets: [expect.stringMatching(GENERATED)] },
    });
    expect(() => changeSipConfig(suite.emulator.objects(suite.key, sipConfigRoute), { allowedCidrRanges: ["nope"] })).toThrow(
      /allowedCidrRanges/,
    );
  });
});

describe("emulator SIP registrations", () => {
  const REGISTRATION = { username: "alice", password: SIP_PASSWORD, proxy: "sip.trunk.example.com" };

  async function create(body: Record<string, unknown> = REGISTRATION): Promise<string> {
    const created = await call("POST", "/api/sip/registrations", body);
    expect(created.status).toBe(201);
    return created.body?.registrationId as string;
  }

  it("creates one with the server's fields and never shows the password", async () => {
    const created = await call("POST", "/api/sip/registrations", { ...REGISTRATION, successful: true });
    expect(created).toEqual({
      status: 201,
      body: {
        registrationId: expect.stringMatching(UUID),
        created: expect.stringMatching(TIME),
        username: "alice",
        proxy: "sip.trunk.example.com",
        outboundProxy: null,
        authUser: null,
        successful: null,
      },
    });
    const id = created.body?.registrationId as string;
    expect(await call("GET", `/api/sip/registrations/${id}`)).toEqual({ status: 200, body: created.body });
    const listed = await call("GET", "/api/sip/registrations");
    expect(listed.body).toEqual({ next: null, previous: null, results: [created.body], total: 1 });
    expect(JSON.stringify(suite.emulator.log.map((r) => r.response))).not.toContain(SIP_PASSWORD);
  });

  it("patches what it sends; a change makes the outcome unknown again until the SIP server answers", async () => {
    const id = await create();
    const store = suite.emulator.objects(suite.key, registrationsRoute);
    settleRegistration(store, id, true);
    expect((await call("GET", `/api/sip/registrations/${id}`)).body?.successful).toBe(true);
    const patched = await call("PATCH", `/api/sip/registrations/${id}`, { password: "sipPw-emu-0002-fake", authUser: "alice-auth" });
    expect(patched.body).toMatchObject({ username: "alice", authUser: "alice-auth", successful: null });
    expect(patched.body).not.toHaveProperty("password");
    expect(store.get(id)?.password).toBe("sipPw-emu-0002-fake");
    expect((await call("PATCH", `/api/sip/registrations/${id}`, { authUser: null })).body?.authUser).toBeNull();
    settleRegistration(store, id, false);
    expect((await call("GET", `/api/sip/registrations/${id}`)).body?.successful).toBe(false);
  });

  it.each([
    ["no fields", {}, { username: ["This field is required."], password: ["This field is required."], proxy: ["This field is required."] }],
    [
      "a username of 61 characters",
      { ...REGISTRATION, username: "u".repeat(61) },
      { username: ["Ensure this field has no more than 60 characters."] },
    ],
    ["a blank password", { ...REGISTRATION, password: "" }, { password: ["This field may not be blank."] }],
    [
      "a proxy of 101 characters",
      { ...REGISTRATION, proxy: "p".repeat(101) },
      { proxy: ["Ensure this field has no more than 100 characters."] },
    ],
    [
      "an outbound proxy of 101 characters",
      { ...REGISTRATION, outboundProxy: "p".repeat(101) },
      { outboundProxy: ["Ensure this field has no more than 100 characters."] },
    ],
    ["an auth user that is not a string", { ...REGISTRATION, authUser: 7 }, { authUser: ["Not a valid string."] }],
  ])("answers a DRF-shaped 400 naming the field for %s", async (_name, body, errors) => {
    expect(await call("POST", "/api/sip/registrations", body)).toEqual({ status: 400, body: errors });
  });

  it("has no PUT, answers 404 for another account's registration, and deletes", async () => {
    const id = await create();
    expect(await call("PUT", `/api/sip/registrations/${id}`, REGISTRATION)).toEqual({
      status: 405,
      body: { detail: 'Method "PUT" not allowed.' },
    });
    expect((await call("DELETE", "/api/sip/registrations")).status).toBe(405);
    expect((await call("GET", `/api/sip/registrations/${id}`, undefined, suite.emulator.addAccount())).status).toBe(404);
    expect((await call("DELETE", `/api/sip/registrations/${id}`)).status).toBe(204);
    expect((await call("PATCH", `/api/sip/registrations/${id}`, { username: "bob" })).status).toBe(404);
  });

  it("shows registrations made, changed and deleted behind the provider's back", async () => {
    const store = suite.emulator.objects(suite.key, registrationsRoute);
    const made = writeRegistration(store, { ...REGISTRATION, outboundProxy: "proxy.trunk.example.com" });
    writeRegistration(store, { username: "carol" }, made.registrationId);
    expect((await call("GET", `/api/sip/registrations/${made.registrationId}`)).body).toMatchObject({
      username: "carol",
      outboundProxy: "proxy.trunk.example.com",
    });
    store.delete(made.registrationId);
    expect((await call("GET", `/api/sip/registrations/${made.registrationId}`)).status).toBe(404);
  });
});
