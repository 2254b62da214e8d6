/**
 * The HTTP client: which failures are retried and how long it waits, what each error says, and
 * that no error ever carries the API key or the token.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { UltravoxClient } from "../../provider/core/client";
import { parseRetryAfter, retryWaitMs, shouldRetry } from "../../provider/core/retry-policy";
import {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  UltravoxConnectionError,
  UltravoxTimeoutError,
  UnexpectedResponseError,
} from "../../provider/core/errors";
import { plivoSpec } from "../../provider/plivo/spec";
import { telephonySpec } from "../../provider/telephony/carrier";
import { UltravoxEmulator } from "../../emulator/server";
import { PLIVO } from "../carriers";
import { desired as desiredFor } from "../support";

const TOKEN = PLIVO.values.authToken.first;
const desired = () => desiredFor(PLIVO);
const plivo = telephonySpec(plivoSpec);
const response = { schema: plivo.answer, read: (body: unknown) => plivo.read(body, {}) };

const PATH = "/api/telephony_configs/plivo";
let emulator: UltravoxEmulator;
let apiKey: string;

beforeAll(async () => {
  emulator = await new UltravoxEmulator().start();
  apiKey = emulator.addAccount();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.clearLog();
  emulator.clearFaults();
  emulator.deleteOutOfBand(apiKey);
});

const client = (overrides: Partial<{ apiKey: string; baseUrl: string; timeoutMs: number; maxRetries: number }> = {}) =>
  new UltravoxClient({ apiKey, apiKeySource: "stack", baseUrl: emulator.url, timeoutMs: 5_000, maxRetries: 2, ...overrides });
const patch = (c = client()) => c.request("PATCH", PATH, { body: desired(), response, secrets: [TOKEN] });
const seed = () => emulator.changeOutOfBand(apiKey, { authId: "MA1", authToken: TOKEN });

describe("retry policy", () => {
  it("waits at least as Retry-After says (capped), and up to a fifth more, at random", () => {
    expect(retryWaitMs({ status: 429, retryAfter: "2" }, 1, () => 0)).toBe(2000);
    expect(retryWaitMs({ status: 429, retryAfter: "2" }, 1, () => 1)).toBe(2400);
    expect(retryWaitMs({ status: 503, retryAfter: "1" }, 1, () => 0.5)).toBe(1100);
    expect(retryWaitMs({ status: 429, retryAfter: "3600" }, 1, () => 0)).toBe(60_000);
    // Requests refused together do not all come back together.
    const waits = new Set(Array.from({ length: 20 }, () => retryWaitMs({ status: 429, retryAfter: "1" }, 1)));
    expect(waits.size).toBeGreaterThan(1);
  });

  it("backs off exponentially with jitter, capped, when there is no Retry-After", () => {
    expect(retryWaitMs({ status: 500 }, 1, () => 0)).toBe(500);
    expect(retryWaitMs({ status: 502 }, 3, () => 0)).toBe(2000);
    expect(retryWaitMs({ status: 502 }, 3, () => 1)).toBe(1500);
    expect(retryWaitMs({ status: 504 }, 9, () => 0)).toBe(8000);
  });

  it("gives up after maxRetries", () => {
    expect(shouldRetry({ status: 503 }, "GET", 4, 4)).toBe(true);
    expect(shouldRetry({ status: 503 }, "GET", 5, 4)).toBe(false);
  });

  it("retries 429 and 503 whatever the method; never other 4xx", () => {
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) {
      expect(shouldRetry({ status: 429 }, method, 1, 4)).toBe(true);
      expect(shouldRetry({ status: 503 }, method, 1, 4)).toBe(true);
    }
    for (const status of [400, 401, 403, 404, 409, 422]) expect(shouldRetry({ status }, "GET", 1, 4)).toBe(false);
  });

  it("retries PATCH (idempotent here) but not POST after a 5xx or a reset", () => {
    expect(shouldRetry({ status: 500 }, "PATCH", 1, 4)).toBe(true);
    expect(shouldRetry({ status: 500 }, "POST", 1, 4)).toBe(false);
    expect(shouldRetry({ code: "ECONNRESET" }, "POST", 1, 4)).toBe(false);
    expect(shouldRetry({ code: "ECONNREFUSED" }, "POST", 1, 4)).toBe(true);
    expect(shouldRetry({ code: "UND_ERR_HEADERS_TIMEOUT" }, "PATCH", 1, 4)).toBe(true);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("0")).toBe(0);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("retries against the emulator", () => {
  it("succeeds after two 429s, waiting about Retry-After each time", async () => {
    seed();
    emulator.inject({ kind: "status", status: 429, retryAfter: "1" }, { times: 2 });
    const started = Date.now();
    await expect(patch()).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(emulator.calls.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it("succeeds after 500 and 502", async () => {
    seed();
    emulator.inject({ kind: "status", status: 500 });
    emulator.inject({ kind: "status", status: 502 });
    await expect(patch()).resolves.toMatchObject({ status: 200 });
    expect(emulator.calls.map((r) => r.status)).toEqual([500, 502, 200]);
  });

  it("names the status and the attempts when 5xx never ends", async () => {
    emulator.inject({ kind: "status", status: 503, retryAfter: "0" }, { times: 99 });
    const error = await patch().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toMatch(/PATCH \/api\/telephony_configs\/plivo with 503 Service Unavailable after 3 attempts/);
    expect(emulator.calls).toHaveLength(3);
  });

  it("fails at once on 400 with the API's field messages under our property names", async () => {
    seed();
    const error = await client()
      .request("PATCH", PATH, {
        body: { callCreationAllowedAgentIds: ["x", "3c90c3cc-0d44-4b50-8888-8dd25736052a", "y"] },
        secrets: [TOKEN],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).fieldMessages).toEqual([
      { property: "callCreationAllowedAgentIds[0]", message: "Must be a valid UUID." },
      { property: "callCreationAllowedAgentIds[2]", message: "Must be a valid UUID." },
    ]);
    expect((error as Error).message).toMatch(/400 Bad Request.*callCreationAllowedAgentIds\[0\]: Must be a valid UUID/);
    expect(emulator.calls).toHaveLength(1);
  });

  it.each([
    [401, AuthenticationError, /rejected the API key.*ultravox:apiKey.*ULTRAVOX_API_KEY/],
    [403, PermissionDeniedError, /403 Forbidden.*not allowed to do this/],
  ])("fails at once on %i, saying how to set the key and never showing it", async (status, type, text) => {
    emulator.inject({ kind: "status", status });
    const error = (await patch().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(text);
    expect(`${error.message}${error.stack}`).not.toContain(apiKey);
    expect(emulator.calls).toHaveLength(1);
  });

  it("reports an unknown key as 401", async () => {
    const error = await patch(client({ apiKey: "emu00000.ffffffffffffffffffffffffffffffff" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).not.toContain("ffffffffffffffff");
  });

  it("gives 404 its own class", async () => {
    await expect(client().request("GET", PATH)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("redacts the token and the key when the API echoes them back", async () => {
    emulator.inject({ kind: "echo-secrets" });
    const error = (await patch().catch((e: unknown) => e)) as BadRequestError;
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${JSON.stringify(error.fieldMessages)}\n${error.detail}`;
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(apiKey);
    expect(error.message).toContain("[secret]");
  });

  it("names the base URL when the connection is refused", async () => {
    const closed = await new UltravoxEmulator().start();
    const url = closed.url;
    await closed.stop();
    const error = (await patch(client({ baseUrl: url, maxRetries: 1 })).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UltravoxConnectionError);
    expect(error.message).toContain(`Could not connect to Ultravox at ${url}`);
    expect(error.message).toMatch(/connection refused after 2 attempts/);
    // The network failure underneath is kept, so a stack shows where it came from.
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error & { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("keeps the cause redacted: no secret in it either", async () => {
    const closed = await new UltravoxEmulator().start();
    const url = closed.url;
    await closed.stop();
    // A key that also appears in the base URL's path shows up in the network error undici raises.
    const error = (await client({ baseUrl: `${url}/${apiKey}`, maxRetries: 0 })
      .request("GET", PATH)
      .catch((e: unknown) => e)) as Error;
    const cause = error.cause as Error;
    expect(`${error.message}${error.stack}${cause.message}${cause.stack}`).not.toContain(apiKey);
  });

  it("times out each attempt after timeoutMs, and gives up after maxRetries", async () => {
    emulator.inject({ kind: "hang" }, { times: 2 });
    const started = Date.now();
    const error = (await patch(client({ timeoutMs: 300, maxRetries: 1 })).catch((e: unknown) => e)) as Error;
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(UltravoxTimeoutError);
    expect(error.message).toMatch(/No answer .* within 300 ms after 2 attempts/);
    // undici checks header timeouts on a timer of about one second: each attempt may run up to
    // a second past timeoutMs. Two attempts plus one backoff (at most 500 ms):
    expect(elapsed).toBeLessThan((300 + 1000) * 2 + 500);
    expect(emulator.calls).toHaveLength(2);
  });

  it("a slow answer: the attempt that waits past timeoutMs is dropped, the next one succeeds", async () => {
    seed();
    emulator.inject({ kind: "delay", ms: 2500 });
    const started = Date.now();
    await expect(patch(client({ timeoutMs: 500, maxRetries: 1 }))).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(emulator.calls).toHaveLength(2);
  });

  it.each([
    ["malformed JSON", { kind: "malformed" as const }, /a body that is not JSON/],
    ["an HTML page", { kind: "html" as const, status: 200 }, /an HTML page/],
    ["an empty body", { kind: "empty" as const }, /an empty body/],
    ["a body missing fields", { kind: "missing-fields" as const }, /does not understand \(authId: /],
    ["a body larger than 1 MiB", { kind: "huge" as const, bytes: 2 * 1024 * 1024 }, /and a body larger than 1048576 bytes/],
  ])("refuses %s on success with a clear error", async (_name, fault, text) => {
    seed();
    emulator.inject(fault);
    const error = (await patch().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(text);
    // A write may have landed: the message says so, and that the next up writes it again.
    expect(error.message).toMatch(/the change may have been applied in Ultravox, but the state was not updated/);
    emulator.inject(fault);
    const read = (await client()
      .request("GET", PATH, { response })
      .catch((e: unknown) => e)) as Error;
    expect(read.message).toMatch(/; nothing was recorded$/);
  });

  it.each([
    [
      400,
      BadRequestError,
      /^Ultravox rejected PATCH \/api\/telephony_configs\/plivo \(400 Bad Request\): \(a body larger than 1048576 bytes, not shown\)$/,
    ],
    [
      404,
      NotFoundError,
      /^Ultravox answered PATCH \/api\/telephony_configs\/plivo with 404 Not Found: \(a body larger than 1048576 bytes, not shown\)$/,
    ],
  ])("an error answer (%i) larger than 1 MiB is the API error of its status: nothing was applied", async (status, type, text) => {
    seed();
    emulator.inject({ kind: "huge", bytes: 2 * 1024 * 1024, status });
    const error = (await patch().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(text);
    expect(emulator.log).toHaveLength(1);
  });

  it.each([301, 302, 303, 307, 308])("treats %i as an error naming the redirect, and never follows it", async (status) => {
    seed();
    let followed = 0;
    const elsewhere = createServer((_req, res) => {
      followed += 1;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", r));
    try {
      const location = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/api/telephony_configs/plivo`;
      emulator.inject({ kind: "redirect", status, location }, { times: 2 });
      for (const method of ["DELETE", "GET"] as const) {
        const error = (await client()
          .request(method, PATH)
          .catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(RedirectError);
        expect(error.message).toContain(`${method} ${PATH} with ${status}`);
        expect(error.message).toContain(`a redirect to ${location}`);
        expect(error.message).toContain(`the API key is sent only to the base URL, ${emulator.url}`);
      }
      expect(followed).toBe(0);
      expect(emulator.calls).toHaveLength(2);
    } finally {
      elsewhere.close();
    }
  });

  it("describes an HTML error page without dumping it", async () => {
    emulator.inject({ kind: "html", status: 502 }, { times: 3 });
    const error = (await patch().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/502 Bad Gateway after 3 attempts: \(an HTML page, not a JSON error\)$/);
  });

  it("quotes a rate limit that outlasts the retries", async () => {
    emulator.inject({ kind: "status", status: 429, retryAfter: "0" }, { times: 9 });
    await expect(patch(client({ maxRetries: 0 }))).rejects.toBeInstanceOf(RateLimitError);
  });
});

describe("request headers", () => {
  it("sends the key, JSON, and a User-Agent with the package name and version", async () => {
    let headers: Record<string, unknown> = {};
    const server = createServer((req, res) => {
      headers = req.headers;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      await client({ baseUrl: `http://127.0.0.1:${port}/prefix/` }).request("DELETE", PATH);
      const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
      expect(headers["user-agent"]).toBe(`pulumi-ultravox/${version} (node ${process.version})`);
      expect(headers["x-api-key"]).toBe(apiKey);
      expect(headers.accept).toBe("application/json");
    } finally {
      server.close();
    }
  });
});
