/**
 * The retry policy, in one place: which failures are tried again, and how long to wait first.
 * The client (`client.ts`) runs it on undici's retry machinery; nothing else decides. (How fast a
 * key's requests may start at all is the pacer's, `pacer.ts`.)
 */

/** Wait at most this long for a `Retry-After` (before jitter); longer values are clamped. */
const MAX_RETRY_AFTER_MS = 60_000;
/** A `Retry-After` wait is up to this share longer, at random. */
const RETRY_AFTER_JITTER = 0.2;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;

/**
 * Methods that may be sent again after an answer we did not get or a 5xx.
 * undici's default list leaves PATCH out; here PATCH always carries the whole desired object (or
 * the fields it sets), so sending it twice leaves the same object: it is idempotent for this API,
 * and so is PUT, which carries the whole object. POST is not: a second POST after a lost success
 * could meet the object the first one created.
 */
const IDEMPOTENT: ReadonlySet<string> = new Set(["GET", "PUT", "PATCH", "DELETE"]);

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

export interface Failure {
  /** HTTP status, when the server answered. */
  status?: number;
  /** Error code, when it did not. */
  code?: string;
  /** The `Retry-After` header, if any. */
  retryAfter?: string;
}

/**
 * Whether to make attempt `attempt + 1`. `attempt` counts the attempts made so far (1 after the first).
 *  - 429 and 503: the server did not process the request; any method.
 *  - 408 and other 5xx: idempotent methods only.
 *  - connection errors and timeouts: idempotent methods, and POST when nothing was sent.
 *  - anything else (3xx, 400, 401, 403, 404, ...): never.
 */
export function shouldRetry(failure: Failure, method: string, attempt: number, maxRetries: number): boolean {
  if (attempt > maxRetries) return false;
  const { status, code } = failure;
  if (status === 429 || status === 503) return true;
  if (status !== undefined) return (status === 408 || status >= 500) && IDEMPOTENT.has(method);
  return code !== undefined && TRANSIENT_ERROR_CODES.has(code) && (IDEMPOTENT.has(method) || NOT_SENT_ERROR_CODES.has(code));
}

/**
 * How long a failure asks to wait before the next attempt (`attempt` as for `shouldRetry`), retried
 * or not: `Retry-After` (capped), plus up to a fifth more, so that requests refused together do not
 * all come back together; without one, capped exponential backoff, jittered down.
 */
export function retryWaitMs(failure: Failure, attempt: number, random = Math.random): number {
  const retryAfter = parseRetryAfter(failure.retryAfter);
  if (retryAfter !== undefined) return Math.round(Math.min(retryAfter, MAX_RETRY_AFTER_MS) * (1 + RETRY_AFTER_JITTER * random()));
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
