/**
 * check, for every carrier: each bad input is a failure naming its property, before any request;
 * good input is normalized so later diffs are stable; values unknown during preview never fail.
 */
import { UNKNOWN } from "../../provider/core/values";
import { UNKNOWN as SDK_UNKNOWN } from "../../harness/pulumi-wire";
import { CARRIERS, PLIVO, TELNYX, secretValues, type CarrierCase } from "../carriers";
import { AGENT_A, AGENT_B, fixture, type Fixture } from "../support";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
const valid = (carrier: CarrierCase) => ({ ...carrier.identity, ...secretValues(carrier) });

describe.each(CARRIERS)("$resource check", (carrier) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture({ carrier });
  });
  afterAll(() => f.emulator.stop());
  beforeEach(() => f.emulator.clearLog());

  const [identity] = Object.keys(carrier.identity);
  const [secret] = carrier.secrets.map((s) => s.field);
  const table: [string, Record<string, unknown>, string, RegExp][] = [
    [`missing ${identity}`, { ...valid(carrier), [identity]: undefined }, identity, new RegExp(`^${identity} is required$`)],
    [`blank ${identity}`, { ...valid(carrier), [identity]: " \t" }, identity, /must not be only whitespace$/],
    [`${identity} with a trailing newline`, { ...valid(carrier), [identity]: "X1\n" }, identity, /must not start or end with whitespace/],
    [`${identity} of the wrong type`, { ...valid(carrier), [identity]: 42 }, identity, /must be a string, got a number/],
    [`missing ${secret}`, { ...valid(carrier), [secret]: undefined }, secret, new RegExp(`^${secret} is required$`)],
    [`empty ${secret}`, { ...valid(carrier), [secret]: "" }, secret, /must not be empty/],
    // A secret holding a value is named in the reason only: Pulumi would print the value.
    [
      `${secret} with a trailing newline`,
      { ...valid(carrier), [secret]: `${carrier.values[secret].first}\n` },
      "",
      new RegExp(`^${secret} must not start or end with whitespace`),
    ],
    [`${secret} of the wrong type`, { ...valid(carrier), [secret]: true }, "", new RegExp(`^${secret} must be a string, got a boolean`)],
    [
      "agent list not a list",
      { ...valid(carrier), callCreationAllowedAgentIds: "abc" },
      "callCreationAllowedAgentIds",
      /must be a list, got a string/,
    ],
    [
      "malformed agent id",
      { ...valid(carrier), callCreationAllowedAgentIds: [AGENT_A, AGENT_B, AGENT_A.slice(1), "nope"] },
      "callCreationAllowedAgentIds[2]",
      /must be a UUID/,
    ],
    [
      "agent id of the wrong type",
      { ...valid(carrier), callCreationAllowedAgentIds: [7] },
      "callCreationAllowedAgentIds[0]",
      /must be a string, got a number/,
    ],
    [
      "101 agent ids",
      { ...valid(carrier), callCreationAllowedAgentIds: ids(101) },
      "callCreationAllowedAgentIds",
      /may hold at most 100 items, got 101/,
    ],
    [
      "duplicate ids differing in case",
      { ...valid(carrier), callCreationAllowedAgentIds: [AGENT_A, AGENT_B, AGENT_A.toUpperCase()] },
      "callCreationAllowedAgentIds[2]",
      /repeats callCreationAllowedAgentIds\[0\]/,
    ],
    [
      "allow-all with a list",
      { ...valid(carrier), callCreationAllowAllAgents: true, callCreationAllowedAgentIds: [AGENT_A] },
      "callCreationAllowedAgentIds",
      /must be empty when callCreationAllowAllAgents is true/,
    ],
    [
      "allow-all not a boolean",
      { ...valid(carrier), callCreationAllowAllAgents: "yes" },
      "callCreationAllowAllAgents",
      /must be true or false, got a string/,
    ],
    ["mapping not an object", { ...valid(carrier), requestContextMapping: ["From"] }, "requestContextMapping", /must be an object/],
    [
      "mapping with an empty key",
      { ...valid(carrier), requestContextMapping: { "": "user.phone" } },
      'requestContextMapping[""]',
      /key "" must be a dot-separated path/,
    ],
    [
      "mapping with a non-string value",
      { ...valid(carrier), requestContextMapping: { From: 5 } },
      "requestContextMapping.From",
      /must be a string, got a number/,
    ],
    [
      "mapping value with an empty part",
      { ...valid(carrier), requestContextMapping: { From: "user..phone" } },
      "requestContextMapping.From",
      /dot-separated path/,
    ],
    [
      "mapping key with a space",
      { ...valid(carrier), requestContextMapping: { "call id": "call.id" } },
      'requestContextMapping["call id"]',
      /key "call id" must be a dot-separated path/,
    ],
    [
      "unknown property (named in the reason only: its value could be a misspelt secret)",
      { ...valid(carrier), authTokn: "x" },
      "",
      /^authTokn is not a known property \(known: /,
    ],
    ["baseUrl not http(s)", { ...valid(carrier), baseUrl: "ftp://api.ultravox.ai" }, "", /^baseUrl must be an http\(s\) URL/],
    ["baseUrl not a URL", { ...valid(carrier), baseUrl: "api.ultravox.ai" }, "", /^baseUrl must be an http\(s\) URL/],
    ["baseUrl over http", { ...valid(carrier), baseUrl: "http://api.ultravox.ai" }, "", /^baseUrl must use https/],
    [
      "baseUrl with credentials",
      { ...valid(carrier), baseUrl: "https://u:p4ss-w0rd-x@api.ultravox.ai" },
      "",
      /^baseUrl must not hold credentials/,
    ],
    ["empty ultravoxApiKey", { ...valid(carrier), ultravoxApiKey: "" }, "ultravoxApiKey", /must not be empty/],
  ];

  it.each(table)("%s fails on its property", async (_name, news, property, reason) => {
    const result = await f.provider.check({}, { __provider: "serialized", ...news });
    expect(result.failures).toEqual(expect.arrayContaining([expect.objectContaining({ property, reason: expect.stringMatching(reason) })]));
    expect(JSON.stringify(result)).not.toContain(carrier.values[secret].first);
    expect(f.emulator.log).toHaveLength(0);
  });

  it("names all three ways to set a missing API key", async () => {
    const bare = await fixture({ carrier, stack: { "ultravox:apiKey": "" } });
    const saved = process.env.ULTRAVOX_API_KEY;
    delete process.env.ULTRAVOX_API_KEY;
    try {
      const result = await bare.provider.check({}, valid(carrier));
      expect(result.failures?.[0].reason).toMatch(/ultravoxApiKey.*`ultravoxApiKey` input.*ultravox:apiKey.*ULTRAVOX_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.ULTRAVOX_API_KEY = saved;
      await bare.emulator.stop();
    }
  });

  it("fills defaults and lower-cases agent ids, keeping their order", async () => {
    const result = await f.provider.check({}, { ...valid(carrier), callCreationAllowedAgentIds: [AGENT_B.toUpperCase(), AGENT_A] });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({
      ...valid(carrier),
      callCreationAllowedAgentIds: [AGENT_B, AGENT_A],
      callCreationAllowAllAgents: false,
      requestContextMapping: {},
    });
  });

  it("normalizes baseUrl without its trailing slash", async () => {
    const result = await f.provider.check({}, { ...valid(carrier), baseUrl: "https://api.example.test/" });
    expect(result.inputs?.baseUrl).toBe("https://api.example.test");
  });

  it("takes null for an optional input as not set, and null for a required one as missing", async () => {
    const nulls = {
      callCreationAllowedAgentIds: null,
      callCreationAllowAllAgents: null,
      requestContextMapping: null,
      ultravoxApiKey: null,
      baseUrl: null,
    };
    const result = await f.provider.check({}, { ...valid(carrier), ...nulls });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({
      ...valid(carrier),
      callCreationAllowedAgentIds: [],
      callCreationAllowAllAgents: false,
      requestContextMapping: {},
    });
    expect((await f.provider.check({}, { ...valid(carrier), [identity]: null })).failures).toEqual([
      { property: identity, reason: `${identity} is required` },
    ]);
  });

  it("accepts values unknown during preview anywhere", async () => {
    const everything = Object.fromEntries(Object.keys(valid(carrier)).map((k) => [k, UNKNOWN]));
    const news = {
      ...everything,
      callCreationAllowedAgentIds: [UNKNOWN, AGENT_A],
      callCreationAllowAllAgents: UNKNOWN,
      requestContextMapping: { From: UNKNOWN },
      ultravoxApiKey: UNKNOWN,
      baseUrl: UNKNOWN,
    };
    expect((await f.provider.check({}, news)).failures).toBeUndefined();
    expect(
      (await f.provider.check({}, { ...valid(carrier), callCreationAllowedAgentIds: UNKNOWN, requestContextMapping: UNKNOWN })).failures,
    ).toBeUndefined();
    // ...and an unknown allow-all is compatible with a list.
    expect(
      (await f.provider.check({}, { ...valid(carrier), callCreationAllowAllAgents: UNKNOWN, callCreationAllowedAgentIds: [AGENT_A] }))
        .failures,
    ).toBeUndefined();
  });
});

describe("carrier-specific inputs", () => {
  it("Telnyx: applicationSid has at most 40 characters", async () => {
    const f = await fixture({ carrier: TELNYX });
    try {
      const result = await f.provider.check({}, { ...valid(TELNYX), applicationSid: "a".repeat(41) });
      expect(result.failures).toEqual([{ property: "applicationSid", reason: "applicationSid must be at most 40 characters, got 41" }]);
    } finally {
      await f.emulator.stop();
    }
  });

  it("Plivo: the Ultravox key is still accepted as `apiKey` (its 0.1.0 name), but not under both names", async () => {
    const f = await fixture({ carrier: PLIVO });
    try {
      expect((await f.provider.check({}, { ...valid(PLIVO), apiKey: f.apiKey })).failures).toBeUndefined();
      const both = await f.provider.check({}, { ...valid(PLIVO), apiKey: f.apiKey, ultravoxApiKey: f.apiKey });
      expect(both.failures).toEqual([
        { property: "", reason: "apiKey is the deprecated name of ultravoxApiKey: give the Ultravox API key as ultravoxApiKey only" },
      ]);
    } finally {
      await f.emulator.stop();
    }
  });

  it("the unknown-value marker is the SDK's", () => {
    expect(UNKNOWN).toBe(SDK_UNKNOWN);
  });
});
