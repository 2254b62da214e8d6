/**
 * One program, 100 PlivoTelephonyConfigs, each in its own Ultravox account (its own apiKey),
 * through one provider process with every request in flight at once, as the engine sends them,
 * while the emulator rate-limits each key: all succeed, nothing is lost or crossed.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

const COUNT = 100;
let f: EngineFixture;
let accounts: { apiKey: string; token: string }[];

beforeAll(async () => {
  // One request per key per second; the create's second request (POST after PATCH's 404) meets a 429.
  f = await engineFixture({ emulator: { rateLimit: { requests: 1, windowMs: 1000, retryAfterSeconds: 1 } } });
  accounts = Array.from({ length: COUNT }, (_, i) => ({
    apiKey: f.emulator.addAccount(),
    token: `tok${String(i).padStart(3, "0")}-${randomBytes(10).toString("hex")}`,
  }));
  accounts.forEach((a, i) => {
    f.secrets[`API key ${i}`] = a.apiKey;
    f.secrets[`token ${i}`] = a.token;
  });
});
afterAll(() => f.stop());

it("creates, refreshes and destroys 100 configs in 100 accounts", async () => {
  const run = await f.program(
    { "ultravox-app:accounts": JSON.stringify(accounts), "ultravox-app:count": String(COUNT) },
    join(PROGRAMS, "many-accounts.js"),
  );
  expect(run.error).toBeUndefined();
  expect(run.resources).toHaveLength(COUNT);
  expect(new Set(run.resources.map((r) => r.inputs.__provider)).size).toBe(1);

  const created = await f.engine.up(run.resources);
  expect(created.errors).toEqual([]);
  expect(f.engine.state.size).toBe(COUNT);
  expect(f.emulator.requests().filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(COUNT);
  accounts.forEach((account, i) => {
    const n = String(i).padStart(12, "0");
    expect(f.emulator.config(account.apiKey)).toEqual({
      authId: `MAACCOUNT${n.slice(-11)}`,
      authToken: account.token,
      callCreationAllowedAgentIds: [`00000000-0000-4000-8000-${n}`],
      callCreationAllowAllAgents: false,
      requestContextMapping: { From: "user.phone_number" },
    });
    const state = f.engine.state.get(run.resources[i].urn)!;
    expect(state.outputs).toMatchObject({
      ultravoxApiKey: account.apiKey,
      authToken: account.token,
      authTokenPrefix: f.emulator.prefixOf(account.token),
    });
    expect([...state.secretOutputs].sort()).toEqual(["authToken", "ultravoxApiKey"]);
  });

  const refreshed = await f.engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(refreshed.steps.map((s) => s.refreshResult)).toEqual(Array(COUNT).fill("same"));
  // Each read went to its own account.
  for (const account of accounts)
    expect(f.emulator.requests({ method: "GET", apiKey: account.apiKey }).filter((r) => r.status === 200)).toHaveLength(1);

  const destroyed = await f.engine.destroy();
  expect(destroyed.errors).toEqual([]);
  expect(f.engine.state.size).toBe(0);
  for (const account of accounts) expect(f.emulator.config(account.apiKey)).toBeUndefined();
  expect(f.leaks()).toEqual([]);
});
