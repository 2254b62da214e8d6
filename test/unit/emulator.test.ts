/**
 * The emulator behaves as the API reference describes, so that tests against it mean something.
 */
import { UltravoxEmulator } from "../../emulator/server";
import { AGENT_A as A } from "../values";

let emulator: UltravoxEmulator;
let key: string;
beforeAll(async () => {
  emulator = await new UltravoxEmulator().start();
  key = emulator.addAccount();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.deleteOutOfBand(key));

async function call(method: string, body?: unknown, apiKey: string | undefined = key, carrier = "plivo") {
  const res = await fetch(`${emulator.url}/api/telephony_configs/${carrier}`, {
    method,
    headers: { ...(apiKey ? { "x-api-key": apiKey } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe("emulator", () => {
  it("answers 401 without a key or with an unknown one", async () => {
    expect((await call("GET", undefined, "")).status).toBe(401);
    expect(await call("GET", undefined, "emu00000.00000000000000000000000000000000")).toEqual({
      status: 401,
      body: { detail: "Invalid API key." },
    });
  });

  it("answers 404 until a config exists, and each key sees its own account", async () => {
    expect((await call("GET")).status).toBe(404);
    expect((await call("PATCH", { authId: "x" })).status).toBe(404);
    expect((await call("DELETE")).status).toBe(404);
    const other = emulator.addAccount();
    await call("POST", { authId: "MA1", authToken: "tokE-0001" });
    expect((await call("GET", undefined, other)).status).toBe(404);
  });

  it("creates with POST, never returns the token, reports its prefix, and patches partially", async () => {
    const created = await call("POST", { authId: "MA1", authToken: "tokE-0001", callCreationAllowedAgentIds: [A], ignored: true });
    expect(created).toEqual({
      status: 201,
      body: {
        authId: "MA1",
        authTokenPrefix: { prefix: "tokE-0" },
        callCreationAllowedAgentIds: [A],
        callCreationAllowAllAgents: false,
        requestContextMapping: {},
      },
    });
    const patched = await call("PATCH", { requestContextMapping: { From: "user.phone_number" } });
    expect(patched.body).toMatchObject({
      authId: "MA1",
      callCreationAllowedAgentIds: [A],
      requestContextMapping: { From: "user.phone_number" },
    });
    expect(JSON.stringify(patched.body)).not.toContain("tokE-0001");
  });

  it("refuses a second POST", async () => {
    await call("POST", { authId: "MA1", authToken: "tokE-0001" });
    expect((await call("POST", { authId: "MA1", authToken: "tokE-0001" })).status).toBe(400);
  });

  it.each([
    ["POST without required fields", "POST", {}, { authId: ["This field is required."], authToken: ["This field is required."] }],
    ["a blank authId", "POST", { authId: " ", authToken: "t" }, { authId: ["This field may not be blank."] }],
    [
      "a malformed agent id",
      "POST",
      { authId: "a", authToken: "t", callCreationAllowedAgentIds: [A, "x"] },
      { callCreationAllowedAgentIds: { "1": ["Must be a valid UUID."] } },
    ],
    [
      "101 agent ids",
      "POST",
      { authId: "a", authToken: "t", callCreationAllowedAgentIds: Array(101).fill(A) },
      { callCreationAllowedAgentIds: ["Ensure this field has no more than 100 elements."] },
    ],
    [
      "allow-all with a list",
      "POST",
      { authId: "a", authToken: "t", callCreationAllowedAgentIds: [A], callCreationAllowAllAgents: true },
      { non_field_errors: ["callCreationAllowedAgentIds may not be set if callCreationAllowAllAgents is true."] },
    ],
    [
      "a mapping with a non-string value",
      "POST",
      { authId: "a", authToken: "t", requestContextMapping: { From: 5 } },
      { requestContextMapping: { From: ["Not a valid string."] } },
    ],
    [
      "allow-all a string",
      "POST",
      { authId: "a", authToken: "t", callCreationAllowAllAgents: "yes" },
      { callCreationAllowAllAgents: ["Must be a valid boolean."] },
    ],
  ])("answers a DRF-shaped 400 for %s", async (_name, method, body, errors) => {
    expect(await call(method, body)).toEqual({ status: 400, body: errors });
  });

  it("accepts allow-all with an empty list, and out-of-band changes show in its answers", async () => {
    expect(
      (await call("POST", { authId: "a", authToken: "tokE-0001", callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true }))
        .status,
    ).toBe(201);
    emulator.changeOutOfBand(key, { authToken: "tokF-0002", callCreationAllowAllAgents: false, callCreationAllowedAgentIds: [A] });
    expect((await call("GET")).body).toMatchObject({ authTokenPrefix: { prefix: "tokF-0" }, callCreationAllowedAgentIds: [A] });
  });

  it("applies injected faults once each, and records every request", async () => {
    emulator.clearLog();
    emulator.inject({ kind: "status", status: 503, retryAfter: "7" });
    const first = await fetch(`${emulator.url}/api/telephony_configs/plivo`, { headers: { "x-api-key": key } });
    expect([first.status, first.headers.get("retry-after")]).toEqual([503, "7"]);
    expect((await call("GET")).status).toBe(404);
    expect(emulator.requests({ method: "GET" }).map((r) => r.status)).toEqual([503, 404]);
  });

  it("limits each key's rate with 429 and Retry-After", async () => {
    emulator.setRateLimit({ requests: 1, windowMs: 60_000, retryAfterSeconds: 3 });
    try {
      const other = emulator.addAccount();
      expect((await call("GET", undefined, other)).status).toBe(404);
      const limited = await fetch(`${emulator.url}/api/telephony_configs/plivo`, { headers: { "x-api-key": other } });
      expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);
    } finally {
      emulator.setRateLimit(undefined);
    }
  });

  it("serves Twilio and Telnyx too, each secret reported by a prefix of its own", async () => {
    const twilio = await call("POST", { accountSid: "AC1", authToken: "twlE-0001" }, key, "twilio");
    expect(twilio).toMatchObject({ status: 201, body: { accountSid: "AC1", authTokenPrefix: { prefix: emulator.prefixOf("twlE-0001") } } });
    expect(twilio.body).not.toHaveProperty("authToken");
    const telnyx = await call(
      "POST",
      { accountSid: "T1", applicationSid: "APP1", apiKey: "tnkE-0001", publicKey: "tpkE-0002" },
      key,
      "telnyx",
    );
    expect(telnyx.status).toBe(201);
    expect(telnyx.body).toMatchObject({
      apiKeyPrefix: { prefix: emulator.prefixOf("tnkE-0001") },
      publicKeyPrefix: { prefix: emulator.prefixOf("tpkE-0002") },
    });
    expect(Object.keys(telnyx.body ?? {})).not.toEqual(expect.arrayContaining(["apiKey", "publicKey"]));
    // Changing one key moves only its prefix.
    expect((await call("PATCH", { publicKey: "tpkF-0003" }, key, "telnyx")).body).toMatchObject({
      apiKeyPrefix: { prefix: emulator.prefixOf("tnkE-0001") },
      publicKeyPrefix: { prefix: emulator.prefixOf("tpkF-0003") },
    });
    // Each carrier's config is its own.
    expect((await call("GET")).status).toBe(404);
    emulator.deleteOutOfBand(key, "twilio");
    emulator.deleteOutOfBand(key, "telnyx");
  });

  it("holds Telnyx's applicationSid to 40 characters and requires every field on POST", async () => {
    const long = await call("POST", { accountSid: "T1", applicationSid: "a".repeat(41), apiKey: "k1", publicKey: "k2" }, key, "telnyx");
    expect(long).toEqual({ status: 400, body: { applicationSid: ["Ensure this field has no more than 40 characters."] } });
    const missing = await call("POST", { accountSid: "T1" }, key, "telnyx");
    expect(missing).toEqual({
      status: 400,
      body: { applicationSid: ["This field is required."], apiKey: ["This field is required."], publicKey: ["This field is required."] },
    });
  });
});
