/**
 * A fleet under a rate limit, through Pulumi's real provider process: 40 Agents in one account,
 * every create in flight at once as the engine sends them, against an emulator that allows the key
 * 10 requests per second (each 429 saying `Retry-After: 1`), with the fixture's 2 retries. Retrying
 * every refused request exactly when `Retry-After` says sends them all back at once, so most are
 * refused again and the operations fail; paced, every create succeeds.
 */
import { join } from "node:path";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

const COUNT = 40;
let f: EngineFixture;

beforeAll(async () => {
  f = await engineFixture({ emulator: { rateLimit: { requests: 10, windowMs: 1000, retryAfterSeconds: 1 } } });
});
afterAll(() => f.stop());

it("creates 40 agents against 10 requests per second with no failed operation", async () => {
  const run = await f.program({ "ultravox-app:count": String(COUNT) }, join(PROGRAMS, "many-agents.js"));
  expect(run.error).toBeUndefined();
  expect(run.resources).toHaveLength(COUNT);

  const created = await f.engine.up(run.resources);
  expect(created.errors).toEqual([]);
  expect(f.engine.state.size).toBe(COUNT);
  expect(
    f.emulator
      .agents(f.apiKey)
      .map((a) => a.name)
      .sort(),
  ).toEqual(run.resources.map((_r, i) => `fleet-${String(i).padStart(4, "0")}`).sort());
  // The limit was reached (this is not a run that never met it), and each agent was created once.
  expect(f.emulator.requests().filter((r) => r.status === 429).length).toBeGreaterThan(0);
  expect(f.emulator.requests({ method: "POST" }).filter((r) => r.status === 201)).toHaveLength(COUNT);
  expect(f.leaks()).toEqual([]);
});
