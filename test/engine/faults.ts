/**
 * The fault suite, run for each carrier by `faults-<carrier>.test.ts` (one file each, so that jest
 * runs them side by side: most of their time is spent waiting out retries). Through Pulumi's real
 * provider process against the emulator: for each fault, what the user gets, how many requests it
 * took, how long, and that the state stays true.
 */
import { Engine } from "../../harness/engine";
import type { RegisteredResource } from "../../harness/program";
import { ProviderProcess } from "../../harness/provider-process";
import type { CarrierCase } from "../carriers";
import { AGENT_A, AGENT_B } from "../values";
import { PROJECT, engineFixture, type EngineFixture } from "./fixture";

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await run();
  return { result, ms: Date.now() - started };
}

export function faultSuite(carrier: CarrierCase): void {
  let f: EngineFixture;
  let v1: RegisteredResource[];
  let v2: RegisteredResource[];
  let engine: Engine;
  const held = () => f.emulator.config(f.apiKey, carrier.name);
  const [secret] = carrier.secrets.map((s) => s.field);

  beforeAll(async () => {
    f = await engineFixture({ stackConfig: { "ultravox:timeoutMs": "500", "ultravox:maxRetries": "3" } });
    v1 = await f.telephony(carrier, { agentIds: [AGENT_A] });
    v2 = await f.telephony(carrier, { agentIds: [AGENT_A, AGENT_B] });
  });
  afterAll(() => f.stop());
  beforeEach(() => {
    engine = new Engine(f.provider);
    f.emulator.clearFaults();
    f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
    f.emulator.clearLog();
  });
  afterEach(() => {
    // Every scenario: the secrets and the key appear nowhere but in encrypted state.
    expect(f.leaks(engine)).toEqual([]);
  });

  /** Creates the resource, then clears the log: the starting point of update scenarios. */
  async function created(): Promise<void> {
    expect((await engine.up(v1)).errors).toEqual([]);
    f.emulator.clearLog();
  }

  describe("rate limits and unavailability", () => {
    it.each([
      ["429", 429],
      ["503", 503],
    ])("%s with Retry-After: 1, twice, then success after about two seconds", async (_name, status) => {
      await created();
      f.emulator.inject({ kind: "status", status, retryAfter: "1" }, { times: 2 });
      const { result, ms } = await timed(() => engine.up(v2));
      expect(result.errors).toEqual([]);
      expect(f.emulator.calls.map((r) => r.status)).toEqual([status, status, 200]);
      expect(ms).toBeGreaterThanOrEqual(1900);
      expect(ms).toBeLessThan(5000);
      expect(held()?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);
    });
  });

  describe("server errors", () => {
    it.each([500, 502, 504])("%i twice, then success", async (status) => {
      await created();
      f.emulator.inject({ kind: "status", status }, { times: 2 });
      const { result, ms } = await timed(() => engine.up(v2));
      expect(result.errors).toEqual([]);
      expect(f.emulator.calls.map((r) => r.status)).toEqual([status, status, 200]);
      expect(ms).toBeLessThan(3000); // backoff 0.5 s + 1 s, jittered down
    });

    it("5xx without end: an error naming the status after maxRetries, in bounded time; the old state stays", async () => {
      await created();
      const before = structuredClone([...engine.state.values()][0].outputs);
      f.emulator.inject({ kind: "status", status: 500 }, { times: 99 });
      const { result, ms } = await timed(() => engine.up(v2));
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(/500 Internal Server Error after 4 attempts/);
      expect(f.emulator.calls).toHaveLength(4); // maxRetries 3 + 1
      expect(ms).toBeLessThan(0.5 * 1000 + 1000 + 2000 + 1000); // the three backoffs, plus slack
      expect([...engine.state.values()][0].outputs).toEqual(before);
    });
  });

  describe("the API key", () => {
    it.each([
      [401, /rejected the API key: it is missing, malformed or revoked/],
      [403, /403 Forbidden\): the key is valid but not allowed/],
    ])("%i fails at once, says how to set the key, and never shows it", async (status, text) => {
      f.emulator.inject({ kind: "status", status });
      const result = await engine.up(v1);
      expect(result.errors[0]).toMatch(text);
      expect(result.errors[0]).toMatch(/ultravox:apiKey.*ULTRAVOX_API_KEY/);
      expect(f.emulator.calls).toHaveLength(1);
      expect(engine.state.size).toBe(0);
    });
  });

  describe("a config deleted meanwhile", () => {
    it("an update whose PATCH meets 404 POSTs the desired config again", async () => {
      await created();
      f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
      const result = await engine.up(v2);
      expect(result.errors).toEqual([]);
      expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404", "POST 201"]);
      expect(held()).toMatchObject({ [secret]: carrier.values[secret].first, callCreationAllowedAgentIds: [AGENT_A, AGENT_B] });
    });
  });

  describe("no answer", () => {
    it("a server that never answers: an error within timeoutMs × (maxRetries + 1) plus backoff", async () => {
      await created();
      f.emulator.inject({ kind: "hang" }, { times: 4 });
      const { result, ms } = await timed(() => engine.up(v2));
      expect(result.errors[0]).toMatch(/No answer from Ultravox at http:\/\/127\.0\.0\.1:\d+ to PATCH .* within 500 ms after 4 attempts/);
      expect(f.emulator.calls).toHaveLength(4);
      // undici checks header timeouts about once a second: each attempt ends within timeoutMs + 1 s.
      expect(ms).toBeLessThan((500 + 1000) * 4 + (500 + 1000 + 2000));
    });

    it("connection refused: a clear error naming the base URL", async () => {
      const closed = "http://127.0.0.1:9";
      const provider = await ProviderProcess.start({ cwd: f.appDir, project: PROJECT });
      try {
        await provider.configure({ ...f.stackConfig, "ultravox:baseUrl": closed });
        const { result, ms } = await timed(() => new Engine(provider).up(v1));
        expect(result.errors[0]).toMatch(
          /Could not connect to Ultravox at http:\/\/127\.0\.0\.1:9 for PATCH .*connection refused after 4 attempts/,
        );
        expect(ms).toBeLessThan(500 + 1000 + 2000 + 1000);
      } finally {
        await provider.stop();
      }
    });

    it("a dropped connection is retried", async () => {
      await created();
      f.emulator.inject({ kind: "drop" });
      expect((await engine.up(v2)).errors).toEqual([]);
      expect(f.emulator.calls.map((r) => r.status)).toEqual(["dropped", 200]);
    });
  });

  describe("answers that cannot be trusted", () => {
    it.each([
      ["malformed JSON", { kind: "malformed" as const }, /a body that is not JSON/],
      ["an HTML page", { kind: "html" as const, status: 200 }, /an HTML page/],
      ["an empty body", { kind: "empty" as const }, /an empty body/],
      [
        "a body missing fields",
        { kind: "missing-fields" as const },
        new RegExp(`does not understand \\(${Object.keys(carrier.identity)[0]}: `),
      ],
    ])("%s: a clear error, and the old state unchanged", async (_name, fault, text) => {
      await created();
      const before = structuredClone([...engine.state.values()][0]);
      f.emulator.inject(fault);
      const result = await engine.up(v2);
      expect(result.errors[0]).toMatch(text);
      expect(result.errors[0]).toMatch(
        /the change may have been applied in Ultravox, but the state was not updated: the next `pulumi up` writes it again/,
      );
      expect([...engine.state.values()][0]).toEqual(before);
    });

    it("a failed create leaves no resource in the state", async () => {
      f.emulator.inject({ kind: "missing-fields" });
      const result = await engine.up(v1);
      expect(result.errors).toHaveLength(1);
      expect(engine.state.size).toBe(0);
      // ...and the next up simply creates it.
      expect((await engine.up(v1)).errors).toEqual([]);
      expect(engine.state.size).toBe(1);
    });
  });

  describe("secrets under stress", () => {
    it("an error body that echoes the token and the API key is shown redacted", async () => {
      await created();
      f.emulator.inject({ kind: "echo-secrets" });
      const result = await engine.up(v2);
      expect(result.errors[0]).toMatch(/400 Bad Request/);
      expect(result.errors[0]).toContain("[secret]");
      expect(result.errors[0]).not.toContain(carrier.values[secret].first);
      expect(result.errors[0]).not.toContain(f.apiKey);
      // afterEach scans the state, every gRPC answer and error, and the process's stdout and stderr.
    });

    it("the same on create, where the provider process prints the error with its stack", async () => {
      f.emulator.inject({ kind: "echo-secrets" }, { times: 2 });
      const result = await engine.up(v1);
      expect(result.errors[0]).toContain("[secret]");
    });

    it("and on refresh and destroy", async () => {
      await created();
      f.emulator.inject({ kind: "echo-secrets" });
      expect((await engine.refresh()).errors[0]).toContain("[secret]");
      f.emulator.inject({ kind: "echo-secrets" });
      expect((await engine.destroy()).errors[0]).toContain("[secret]");
    });
  });
}
