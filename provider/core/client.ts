/**
 * The Ultravox HTTP client: one connection pool per process, one retry policy, typed errors.
 *
 * Retries run on undici's own machinery (its retry interceptor and RetryHandler); whether and how
 * long to wait is the retry policy's alone (retry-policy.ts). Every attempt, first or retry, also
 * waits for its key's turn (pacer.ts), which 429s slow down. undici is loaded on first use, so a
 * Pulumi program that only declares resources, and a preview, never pay for it.
 *
 * Only 2xx is success. A redirect is an error and is never followed: the API key goes only to the
 * configured base URL.
 */
import { STATUS_CODES } from "node:http";
import { connectionFingerprint, type KeySource } from "./account";
import type { buildConnector, Dispatcher, RetryHandler } from "undici";
import { maskUserinfo } from "./base-url";
import {
  UltravoxApiError,
  UltravoxConnectionError,
  UltravoxTimeoutError,
  UnexpectedResponseError,
  type RequestContext,
  type ResponseInfo,
} from "./errors";
import { pacer } from "./pacer";
import { propertyPath } from "./property-path";
import { Redactor } from "./redact";
import { retryWaitMs, shouldRetry, type Failure } from "./retry-policy";
import type { ConnectionSettings } from "./settings";
import type * as z from "zod/mini";
import { issuesOf } from "./check";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Bodies larger than this are not read: no answer of this API comes close. */
const MAX_BODY_BYTES = 1024 * 1024;
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
]);

let sharedDispatcher: Dispatcher | undefined;

/** The proxy (its URL) each error met connecting to a proxy came from: that failure is the proxy's, not the API's. */
const proxyFailures = new WeakMap<object, string>();

/**
 * One pool for the whole process: connections to the API are kept alive and reused. Proxies are
 * taken from HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms), as the Pulumi CLI
 * and Go providers take them; without them it connects directly.
 */
function dispatcher(): Dispatcher {
  if (sharedDispatcher === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first request, never by a preview
    const undici = require("undici") as typeof import("undici");
    sharedDispatcher = new undici.EnvHttpProxyAgent({
      keepAliveTimeout: 30_000,
      // undici's own choice of proxy stands (NO_PROXY included); its client to a proxy is undici's
      // default (a Pool), whose connection errors are marked as the proxy's.
      clientFactory: (proxy: URL, options: object) => {
        const { connect } = options as { connect: buildConnector.connector };
        return new undici.Pool(proxy, {
          ...options,
          connect: (connectOptions, callback) =>
            connect(connectOptions, (...result) => {
              if (result[0]) proxyFailures.set(result[0], proxy.href);
              callback(...result);
            }),
        });
      },
    }).compose(
      // With throwOnError false, every error status and network error reaches the per-request
      // `retry` callback (which alone decides), and the last error answer reaches us with its body.
      undici.interceptors.retry({ throwOnError: false }),
    );
  }
  return sharedDispatcher;
}

/** How a success body is read: what it must look like, and what is made of it. */
export interface ResponseShape<T> {
  /** What the body must look like (zod; lenient where the API may add fields). */
  schema: z.ZodMiniType;
  /** Called only with a body the schema found nothing wrong with. */
  read(body: unknown): T;
}

export interface RequestOptions<T> {
  /** JSON body. */
  body?: unknown;
  /** Shape of a success body; without one the body is ignored. */
  response?: ResponseShape<T>;
  /** Values to redact from anything this request raises, besides the API key. */
  secrets?: readonly (string | undefined)[];
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

let cachedUserAgent: string | undefined;
function userAgent(): string {
  if (cachedUserAgent === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside dist/, so it is read, not imported
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

  /** The connection's fingerprint (account.ts): which account it opens is recorded under it. */
  get fingerprint(): string {
    return connectionFingerprint(this.settings.baseUrl, this.settings.apiKey);
  }

  /** Where its API key came from. */
  get apiKeySource(): KeySource {
    return this.settings.apiKeySource;
  }

  async request<T = undefined>(method: HttpMethod, path: string, options: RequestOptions<T> = {}): Promise<ApiResponse<T>> {
    const redactor = new Redactor([this.settings.apiKey, ...(options.secrets ?? [])]);
    const { maxRetries, timeoutMs } = this.settings;
    const context: RequestContext = { method, path, attempts: 1, baseUrl: this.baseUrl, redactor };
    const pace = pacer.of(this.origin, this.settings.apiKey);
    let startedAt = await pace.turn();

    const retry: RetryHandler.RetryCallback = (err, { state }, callback) => {
      const { statusCode, code, headers } = err as Error & {
        statusCode?: number;
        code?: string;
        headers?: Record<string, string | string[] | undefined>;
      };
      const header = headers?.["retry-after"];
      const failure: Failure = {
        status: code === "UND_ERR_REQ_RETRY" ? statusCode : undefined,
        code: code === "UND_ERR_REQ_RETRY" ? undefined : code,
        retryAfter: Array.isArray(header) ? header[0] : header,
      };
      const wait = retryWaitMs(failure, state.counter);
      if (failure.status === 429) pace.limited(startedAt, wait);
      else if (failure.status !== undefined) pace.answered(startedAt);
      if (!shouldRetry(failure, method, state.counter, maxRetries)) {
        callback(err);
        return;
      }
      context.attempts += 1;
      setTimeout(
        () =>
          void pace.turn().then((at) => {
            startedAt = at;
            callback(null);
          }),
        wait,
      );
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
        retryOptions: { retry, maxRetries },
      } as Dispatcher.RequestOptions);
    } catch (error) {
      throw this.connectionError(error, context);
    }

    const status = response.statusCode;
    const success = status >= 200 && status < 300;
    // Error answers were counted by `retry` above.
    if (success) pace.answered(startedAt);
    const contentType = String(response.headers["content-type"] ?? "");
    const unexpected = (what: string) =>
      new UnexpectedResponseError(`Ultravox answered ${method} ${path} with ${status} ${what}; ${consequence(method)}`, redactor);
    const apiError = (body: Pick<ResponseInfo, "body" | "omittedBody">) => {
      const location = response.headers.location;
      return UltravoxApiError.fromResponse(context, {
        status,
        statusText: STATUS_CODES[status] ?? "",
        contentType,
        location: Array.isArray(location) ? location[0] : location,
        ...body,
      });
    };
    let text: string;
    try {
      text = await readBounded(response.body);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw this.connectionError(error, context);
      const tooLarge = `a body larger than ${MAX_BODY_BYTES} bytes`;
      // An error status says what happened (a 4xx applied nothing); only a success's body matters.
      throw success ? unexpected(`and ${tooLarge}`) : apiError({ body: undefined, omittedBody: `(${tooLarge}, not shown)` });
    }
    const parsed = parseBody(text, contentType);

    if (!success) throw apiError({ body: parsed.ok ? parsed.value : text });
    if (options.response === undefined) return { status, data: undefined as T };

    if (!parsed.ok || parsed.value === undefined) {
      throw unexpected(
        text.trim() === ""
          ? "but an empty body"
          : /html/i.test(contentType) || /^\s*</.test(text)
            ? "but an HTML page"
            : "but a body that is not JSON",
      );
    }
    const issues = issuesOf(options.response.schema, parsed.value);
    if (issues.length > 0) {
      const problems = issues.slice(0, 5).map((i) => `${propertyPath(i.path) || "(body)"}: ${i.message}`);
      throw unexpected(`and a body this provider does not understand (${problems.join("; ")})`);
    }
    return { status, data: options.response.read(parsed.value) };
  }

  private connectionError(error: unknown, context: RequestContext): Error {
    if (error instanceof UltravoxApiError) return error;
    const code = (error as { code?: string })?.code;
    const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : "";
    const where = `${context.method} ${context.path}`;
    const proxy = error !== null && typeof error === "object" ? proxyFailures.get(error) : undefined;
    if (proxy !== undefined) {
      const reason = code === "ECONNREFUSED" ? "connection refused" : String((error as Error).message);
      const ProxyError = code !== undefined && TIMEOUT_CODES.has(code) ? UltravoxTimeoutError : UltravoxConnectionError;
      return new ProxyError(
        `Could not connect to the proxy ${maskUserinfo(proxy).replace(/\/$/, "")} for Ultravox at ${this.baseUrl} (${where}): ${reason}${tries}. ` +
          "The proxy is the one HTTPS_PROXY or HTTP_PROXY (or their lower-case forms) names in the environment Pulumi runs " +
          "the provider in: check it, or list the API's host in NO_PROXY to connect directly.",
        code,
        context.redactor,
        error,
      );
    }
    if (code !== undefined && TIMEOUT_CODES.has(code)) {
      return new UltravoxTimeoutError(
        `No answer from Ultravox at ${this.baseUrl} to ${where} within ${this.settings.timeoutMs} ms${tries} (${code}). ` +
          "Raise ultravox:timeoutMs, or check the base URL.",
        code,
        context.redactor,
        error,
      );
    }
    if (code === "ECONNREFUSED") {
      return new UltravoxConnectionError(
        `Could not connect to Ultravox at ${this.baseUrl} for ${where}: connection refused${tries}. ` +
          "Check the base URL (the resource's baseUrl, stack config ultravox:baseUrl, or ULTRAVOX_BASE_URL).",
        code,
        context.redactor,
        error,
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new UltravoxConnectionError(
      `Connection to Ultravox at ${this.baseUrl} failed for ${where}${tries}: ${detail}${code ? ` (${code})` : ""}`,
      code,
      context.redactor,
      error,
    );
  }
}

/** What a success answer we cannot use means for the state. */
function consequence(method: HttpMethod): string {
  return method === "GET" || method === "DELETE"
    ? "nothing was recorded"
    : "the change may have been applied in Ultravox, but the state was not updated: the next `pulumi up` writes it again";
}

/** The server answered, with more than MAX_BODY_BYTES: not a connection failure. */
class BodyTooLargeError extends Error {}

async function readBounded(body: Dispatcher.ResponseData["body"]): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new BodyTooLargeError();
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
