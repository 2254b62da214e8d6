/**
 * The Ultravox HTTP client: one connection pool per process, one retry policy, typed errors.
 *
 * Retries run on undici's own machinery (its retry interceptor and RetryHandler); this file only
 * decides *whether* and *how long* to wait, in `retryDelayMs`. undici is loaded on first use, so
 * a Pulumi program that only declares resources never pays for it.
 */
import { STATUS_CODES } from "node:http";
import type { Dispatcher } from "undici";
import type { z } from "zod";
import {
  UltravoxApiError,
  UltravoxConnectionError,
  UltravoxTimeoutError,
  UnexpectedResponseError,
  type RequestContext,
} from "./errors";
import { propertyPath } from "./property-path";
import { Redactor } from "./redact";
import type { ConnectionSettings } from "./settings";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** Wait at most this long for a `Retry-After`; longer values are clamped. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
/** Bodies larger than this are not read: no config answer comes close. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Methods that may be sent again after an answer we did not get or a 5xx.
 * undici's default list leaves PATCH out; here PATCH always carries the whole desired config, so
 * sending it twice leaves the same config: it is idempotent for this API. POST is not: a second
 * POST after a lost success could meet the config the first one created.
 */
const IDEMPOTENT: ReadonlySet<string> = new Set(["GET", "PATCH", "DELETE"]);

/** Network failures worth another attempt (for POST only those where nothing reached the server). */
const TRANSIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const NOT_SENT_ERROR_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "EAI_AGAIN"]);
const TIMEOUT_CODES: ReadonlySet<string> = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"]);

export interface Failure {
  /** HTTP status, when the server answered. */
  status?: number;
  /** Error code, when it did not. */
  code?: string;
  /** The `Retry-After` header, if any. */
  retryAfter?: string;
}

/**
 * The retry policy, in one place. Returns how long to wait before attempt `attempt + 1`, or
 * undefined to give up. `attempt` counts the attempts made so far (1 after the first).
 *  - 429 and 503: the server did not process the request; any method; `Retry-After` honoured.
 *  - 408 and other 5xx: idempotent methods only; capped, jittered exponential backoff.
 *  - connection errors and timeouts: idempotent methods, and POST when nothing was sent.
 *  - anything else (400, 401, 403, 404, ...): never.
 */
export function retryDelayMs(failure: Failure, method: string, attempt: number, maxRetries: number, random = Math.random): number | undefined {
  if (attempt > maxRetries) return undefined;
  const { status, code } = failure;
  let retryable: boolean;
  if (status === 429 || status === 503) retryable = true;
  else if (status !== undefined) retryable = (status === 408 || status >= 500) && IDEMPOTENT.has(method);
  else retryable = code !== undefined && TRANSIENT_ERROR_CODES.has(code) && (IDEMPOTENT.has(method) || NOT_SENT_ERROR_CODES.has(code));
  if (!retryable) return undefined;

  const retryAfter = parseRetryAfter(failure.retryAfter);
  if (retryAfter !== undefined) return Math.min(retryAfter, MAX_RETRY_AFTER_MS);
  const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(backoff * (1 - 0.25 * random()));
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

let sharedDispatcher: Dispatcher | undefined;

/** One pool for the whole process: connections to the API are kept alive and reused. */
function dispatcher(): Dispatcher {
  if (sharedDispatcher === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const undici = require("undici") as typeof import("undici");
    sharedDispatcher = new undici.Agent({ keepAliveTimeout: 30_000 }).compose(
      // With throwOnError false, every error status and network error reaches the per-request
      // `retry` callback (which alone decides), and the last error answer reaches us with its body.
      undici.interceptors.retry({ throwOnError: false }),
    );
  }
  return sharedDispatcher;
}

export interface RequestOptions<T> {
  /** JSON body. */
  body?: unknown;
  /** Schema of a success body; without one the body is ignored. */
  schema?: z.ZodType<T>;
  /** Values to redact from anything this request raises, besides the API key. */
  secrets?: readonly (string | undefined)[];
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

let cachedUserAgent: string | undefined;
export function userAgent(): string {
  if (cachedUserAgent === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require("../../package.json") as { name: string; version: string };
    cachedUserAgent = `${pkg.name}/${pkg.version} (node ${process.version})`;
  }
  return cachedUserAgent;
}

export class UltravoxClient {
  private readonly origin: string;
  private readonly pathPrefix: string;

  constructor(private readonly settings: ConnectionSettings) {
    const url = new URL(settings.baseUrl);
    this.origin = url.origin;
    this.pathPrefix = url.pathname.replace(/\/+$/, "");
  }

  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  async request<T = undefined>(method: HttpMethod, path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    const redactor = new Redactor([this.settings.apiKey, ...(options.secrets ?? [])]);
    const { maxRetries, timeoutMs } = this.settings;
    const context: RequestContext = { method, path, attempts: 1, redactor };

    const retry = (err: Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[] | undefined> }, state: { state: { counter: number } }, callback: (err?: Error | null) => void): void => {
      const header = err.headers?.["retry-after"];
      const failure: Failure = {
        status: err.code === "UND_ERR_REQ_RETRY" ? err.statusCode : undefined,
        code: err.code === "UND_ERR_REQ_RETRY" ? undefined : err.code,
        retryAfter: Array.isArray(header) ? header[0] : header,
      };
      const delay = retryDelayMs(failure, method, state.state.counter, maxRetries);
      if (delay === undefined) {
        callback(err);
        return;
      }
      context.attempts += 1;
      setTimeout(() => callback(null), delay);
    };

    let response: Dispatcher.ResponseData;
    try {
      response = await dispatcher().request({
        origin: this.origin,
        path: this.pathPrefix + path,
        method,
        headers: {
          accept: "application/json",
          "user-agent": userAgent(),
          "x-api-key": this.settings.apiKey,
          ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // Per attempt. undici checks these on a timer of about one second, so an attempt that gets
        // no answer fails between timeoutMs and timeoutMs + 1 s.
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        // Per-request retry options, merged over the pool's by undici's retry interceptor.
        retryOptions: { retry: retry as never, maxRetries },
      } as Dispatcher.RequestOptions);
    } catch (error) {
      throw this.connectionError(error, context);
    }

    let text: string;
    try {
      text = await readBounded(response.body);
    } catch (error) {
      throw this.connectionError(error, context);
    }
    const contentType = String(response.headers["content-type"] ?? "");
    const parsed = parseBody(text, contentType);

    if (response.statusCode >= 400 || response.statusCode < 200) {
      throw UltravoxApiError.fromResponse(context, {
        status: response.statusCode,
        statusText: STATUS_CODES[response.statusCode] ?? "",
        contentType,
        body: parsed.ok ? parsed.value : text,
      });
    }
    if (options.schema === undefined) return { status: response.statusCode, data: undefined as T };

    const where = `${method} ${path}`;
    if (!parsed.ok || parsed.value === undefined) {
      const what = text.trim() === "" ? "an empty body" : /html/i.test(contentType) || /^\s*</.test(text) ? "an HTML page" : "a body that is not JSON";
      throw new UnexpectedResponseError(`Ultravox answered ${where} with ${response.statusCode} but ${what}; nothing was recorded`, redactor);
    }
    const result = options.schema.safeParse(parsed.value);
    if (!result.success) {
      const problems = result.error.issues.slice(0, 5).map((i) => `${propertyPath(i.path as (string | number)[]) || "(body)"}: ${i.message}`);
      throw new UnexpectedResponseError(
        `Ultravox answered ${where} with ${response.statusCode} and a body this provider does not understand (${problems.join("; ")}); nothing was recorded`,
        redactor,
      );
    }
    return { status: response.statusCode, data: result.data };
  }

  private connectionError(error: unknown, context: RequestContext): Error {
    if (error instanceof UltravoxApiError) return error;
    const code = (error as { code?: string })?.code;
    const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : "";
    const where = `${context.method} ${context.path}`;
    if (code !== undefined && TIMEOUT_CODES.has(code)) {
      return new UltravoxTimeoutError(
        `No answer from Ultravox at ${this.baseUrl} to ${where} within ${this.settings.timeoutMs} ms${tries} (${code}). ` +
          "Raise ultravox:timeoutMs, or check the base URL.",
        code,
        context.redactor,
      );
    }
    if (code === "ECONNREFUSED") {
      return new UltravoxConnectionError(
        `Could not connect to Ultravox at ${this.baseUrl} for ${where}: connection refused${tries}. ` +
          "Check the base URL (the resource's baseUrl, stack config ultravox:baseUrl, or ULTRAVOX_BASE_URL).",
        code,
        context.redactor,
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new UltravoxConnectionError(
      `Connection to Ultravox at ${this.baseUrl} failed for ${where}${tries}: ${detail}${code ? ` (${code})` : ""}`,
      code,
      context.redactor,
    );
  }
}

async function readBounded(body: Dispatcher.ResponseData["body"]): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw Object.assign(new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`), { code: "UV_BODY_TOO_LARGE" });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseBody(text: string, contentType: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (!/json/i.test(contentType) && !/^[[{]/.test(trimmed)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false };
  }
}
