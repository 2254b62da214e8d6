/**
 * check: every bad input is a failure naming its property, before any request; good input is
 * normalized so later diffs are stable; values unknown during preview never fail.
 */
import { UNKNOWN } from "../../provider/core/validation";
import { AGENT_A, AGENT_B, TOKEN, fixture, type Fixture } from "../support";

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(() => f.emulator.stop());
beforeEach(() => f.emulator.clearLog());

const valid = { authId: "MAFAKEAUTHID000000001", authToken: TOKEN };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

describe("check failures", () => {
  const table: [string, Record<string, unknown>, string, RegExp][] = [
    ["missing authId", { authToken: TOKEN }, "authId", /authId is required/],
    ["empty authId", { ...valid, authId: "" }, "authId", /must not be empty/],
    ["authId of the wrong type", { ...valid, authId: 42 }, "authId", /must be a string, got a number/],
    ["missing authToken", { authId: "MA1" }, "authToken", /authToken is required/],
    ["empty authToken", { ...valid, authToken: "" }, "authToken", /must not be empty/],
    ["agent list not a list", { ...valid, callCreationAllowedAgentIds: "abc" }, "callCreationAllowedAgentIds", /must be a list/],
    ["malformed agent id", { ...valid, callCreationAllowedAgentIds: [AGENT_A, AGENT_B, AGENT_A.slice(1), "nope"] }, "callCreationAllowedAgentIds[2]", /must be a UUID/],
    ["agent id of the wrong type", { ...valid, callCreationAllowedAgentIds: [7] }, "callCreationAllowedAgentIds[0]", /must be a UUID string, got a number/],
    ["101 agent ids", { ...valid, callCreationAllowedAgentIds: ids(101) }, "callCreationAllowedAgentIds", /at most 100 agent ids, got 101/],
    ["duplicate ids differing in case", { ...valid, callCreationAllowedAgentIds: [AGENT_A, AGENT_B, AGENT_A.toUpperCase()] }, "callCreationAllowedAgentIds[2]", /repeats callCreationAllowedAgentIds\[0\]/],
    ["allow-all with a list", { ...valid, callCreationAllowAllAgents: true, callCreationAllowedAgentIds: [AGENT_A] }, "callCreationAllowedAgentIds", /must be empty when callCreationAllowAllAgents is true/],
    ["allow-all not a boolean", { ...valid, callCreationAllowAllAgents: "yes" }, "callCreationAllowAllAgents", /must be true or false, got a string/],
    ["mapping not an object", { ...valid, requestContextMapping: ["From"] }, "requestContextMapping", /must be an object/],
    ["mapping with an empty key", { ...valid, requestContextMapping: { "": "user.phone" } }, 'requestContextMapping[""]', /key "" must not be empty/],
    ["mapping with a non-string value", { ...valid, requestContextMapping: { From: 5 } }, "requestContextMapping.From", /must be a dot-separated path, got a number/],
    ["mapping value with an empty part", { ...valid, requestContextMapping: { From: "user..phone" } }, "requestContextMapping.From", /dot-separated path/],
    ["mapping key with a space", { ...valid, requestContextMapping: { "call id": "call.id" } }, 'requestContextMapping["call id"]', /key "call id" must be a dot-separated path/],
    ["unknown property (named in the reason only: its value could be a misspelt secret)", { ...valid, authTokn: "x" }, "", /^authTokn is not a known property \(known: authId, authToken/],
    // baseUrl is named in the reason only: Pulumi would print its value, which may hold a password.
    ["baseUrl not http(s)", { ...valid, baseUrl: "ftp://api.ultravox.ai" }, "", /^baseUrl must be an http\(s\) URL/],
    ["baseUrl not a URL", { ...valid, baseUrl: "api.ultravox.ai" }, "", /^baseUrl must be an http\(s\) URL/],
    ["baseUrl over http", { ...valid, baseUrl: "http://api.ultravox.ai" }, "", /^baseUrl must use https/],
    ["baseUrl with credentials", { ...valid, baseUrl: "https://u:p4ss-w0rd-x@api.ultravox.ai" }, "", /^baseUrl must not hold credentials/],
    ["blank authId", { ...valid, authId: " \t" }, "authId", /^authId must not be only whitespace$/],
    ["authId with a trailing newline", { ...valid, authId: "MA1\n" }, "authId", /^authId must not start or end with whitespace/],
    ["authToken with a trailing newline (named in the reason only)", { ...valid, authToken: `${TOKEN}\n` }, "", /^authToken must not start or end with whitespace/],
    ["empty apiKey", { ...valid, apiKey: "" }, "apiKey", /must not be empty/],
  ];

  it.each(table)("%s fails on its property", async (_name, news, property, reason) => {
    const result = await f.provider.check({}, { __provider: "serialized", ...news });
    expect(result.failures).toEqual(expect.arrayContaining([expect.objectContaining({ property, reason: expect.stringMatching(reason) })]));
    expect(f.emulator.log).toHaveLength(0);
  });

  it("never prints a secret's value, and names a secret failure in its reason only", async () => {
    // A non-empty secret that fails (here: by type) must not become `property authToken value {...}`.
    const result = await f.provider.check({}, { ...valid, authToken: "   ", apiKey: 12 });
    const text = JSON.stringify(result.failures);
    expect(text).not.toContain(TOKEN);
    expect(result.failures).toEqual(expect.arrayContaining([expect.objectContaining({ property: "apiKey", reason: "apiKey must be a string, got a number" })]));
  });

  it("names all three ways to set a missing API key", async () => {
    const bare = await fixture({ stack: { "ultravox:apiKey": "" } });
    const saved = process.env.ULTRAVOX_API_KEY;
    delete process.env.ULTRAVOX_API_KEY;
    try {
      const result = await bare.provider.check({}, valid);
      expect(result.failures?.[0].reason).toMatch(/apiKey.*`apiKey` input.*ultravox:apiKey.*ULTRAVOX_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.ULTRAVOX_API_KEY = saved;
      await bare.emulator.stop();
    }
  });
});

describe("check results", () => {
  it("fills defaults and lower-cases agent ids, keeping their order", async () => {
    const result = await f.provider.check({}, { ...valid, callCreationAllowedAgentIds: [AGENT_B.toUpperCase(), AGENT_A] });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({
      ...valid,
      callCreationAllowedAgentIds: [AGENT_B, AGENT_A],
      callCreationAllowAllAgents: false,
      requestContextMapping: {},
    });
  });

  it("normalizes baseUrl without its trailing slash", async () => {
    const result = await f.provider.check({}, { ...valid, baseUrl: "https://api.example.test/" });
    expect(result.inputs.baseUrl).toBe("https://api.example.test");
  });

  it("takes null for an optional input as not set, and null for a required one as missing", async () => {
    const nulls = { callCreationAllowedAgentIds: null, callCreationAllowAllAgents: null, requestContextMapping: null, apiKey: null, baseUrl: null };
    const result = await f.provider.check({}, { ...valid, ...nulls });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({ ...valid, callCreationAllowedAgentIds: [], callCreationAllowAllAgents: false, requestContextMapping: {} });
    expect((await f.provider.check({}, { ...valid, authId: null })).failures).toEqual([{ property: "authId", reason: "authId is required" }]);
  });

  it("accepts values unknown during preview anywhere", async () => {
    const news = {
      authId: UNKNOWN,
      authToken: UNKNOWN,
      callCreationAllowedAgentIds: [UNKNOWN, AGENT_A],
      callCreationAllowAllAgents: UNKNOWN,
      requestContextMapping: { From: UNKNOWN },
      apiKey: UNKNOWN,
      baseUrl: UNKNOWN,
    };
    expect((await f.provider.check({}, news)).failures).toBeUndefined();
    expect((await f.provider.check({}, { ...valid, callCreationAllowedAgentIds: UNKNOWN, requestContextMapping: UNKNOWN })).failures).toBeUndefined();
  });

  it("treats an unknown allow-all as compatible with a list", async () => {
    const result = await f.provider.check({}, { ...valid, callCreationAllowAllAgents: UNKNOWN, callCreationAllowedAgentIds: [AGENT_A] });
    expect(result.failures).toBeUndefined();
  });
});
