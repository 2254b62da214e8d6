/**
 * One error hierarchy for everything the Ultravox API or the network can do to us.
 *
 * Callers branch on the class (`instanceof NotFoundError`), never on message text. Every error
 * redacts itself when it is built: the message (and so the stack Pulumi prints) and every field
 * message pass through the Redactor of the request, so no caller can forget to redact.
 */
import { camelCase, propertyPath, type PathSegment } from "./property-path";
import { NO_SECRETS, type Redactor } from "./redact";
import { maskUserinfo } from "./base-url";

/** How a user sets the API key: named in every error about a missing or rejected key. */
export const API_KEY_HELP =
  "Set it in one of three ways: the resource's `ultravoxApiKey` input, stack config " +
  "`pulumi config set --secret ultravox:apiKey <key>`, or the environment variable ULTRAVOX_API_KEY.";

/** Longest API text (detail, field message, body excerpt) quoted in an error. */
const MAX_QUOTED = 300;
const MAX_FIELD_MESSAGES = 10;

/** The base of every error this package raises; its message (and so its stack) is redacted. */
export class UltravoxError extends Error {
  /**
   * @param cause the failure underneath (a network error, say): kept, redacted, so a stack shows
   *   where this came from without showing a secret.
   */
  constructor(message: string, redactor: Redactor = NO_SECRETS, cause?: unknown) {
    super(redactor.redact(message), cause === undefined ? undefined : { cause: redactedCopy(cause, redactor) });
    this.name = new.target.name;
  }
}

/** A copy of an error whose message and stack went through the redactor. */
function redactedCopy(error: unknown, redactor: Redactor): Error {
  // Duck-typed: an error from another realm (a VM context, a worker) is not `instanceof Error`.
  const source = (error !== null && typeof error === "object" ? error : { message: String(error) }) as Partial<Error> & { code?: unknown };
  const copy = new Error(redactor.redact(String(source.message)));
  copy.name = typeof source.name === "string" ? source.name : "Error";
  copy.stack = redactor.redact(source.stack ?? "");
  if (typeof source.code === "string") Object.assign(copy, { code: source.code });
  return copy;
}

/** The provider's own settings are unusable: raised before any request is sent. */
export class ConfigurationError extends UltravoxError {}

/** No API key in any of the places one can be set: raised before any request is sent. */
export class MissingApiKeyError extends ConfigurationError {
  constructor() {
    super(`No Ultravox API key is configured. ${API_KEY_HELP}`);
  }
}

export interface FieldMessage {
  /** Our property path, e.g. `callCreationAllowedAgentIds[3]`; empty for the whole request. */
  property: string;
  message: string;
}

export interface RequestContext {
  method: string;
  /** Path only (never the full URL with a host the user may consider private). */
  path: string;
  /** How many attempts were made, retries included. */
  attempts: number;
  /** The base URL the request went to (credential-free: settings refuse userinfo). */
  baseUrl: string;
  redactor: Redactor;
}

export interface ResponseInfo {
  status: number;
  statusText: string;
  contentType: string;
  /** The body: parsed JSON when it was JSON, else its text. */
  body: unknown;
  /** Set when the body was not read (too large): what to show in its place. */
  omittedBody?: string;
  /** The `Location` header, for a redirect. */
  location?: string;
}

/** The API answered with a status other than 2xx. */
export class UltravoxApiError extends UltravoxError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  /** The API's `detail` / `non_field_errors`, redacted. */
  readonly detail: string | undefined;
  /** The API's per-field messages, keyed by our property names, redacted. */
  readonly fieldMessages: readonly FieldMessage[];

  /**
   * @param summary what happened, in place of "Ultravox answered <request> with <status>".
   * @param quoteBody false when the body says nothing worth showing (a redirect's).
   */
  constructor(request: RequestContext, response: ResponseInfo, summary?: string, quoteBody = true) {
    const parsed = describeBody(response, request.redactor);
    const where = `${request.method} ${request.path}`;
    const tries = request.attempts > 1 ? ` after ${request.attempts} attempts` : "";
    const head = summary ?? `Ultravox answered ${where} with ${statusLine(response)}${tries}`;
    super(quoteBody && parsed.text ? `${head}: ${parsed.text}` : head, request.redactor);
    this.status = response.status;
    this.method = request.method;
    this.path = request.path;
    this.attempts = request.attempts;
    this.detail = parsed.detail;
    this.fieldMessages = parsed.fields;
  }

  /** The subclass for a status, as openai-node's `APIError.generate` does. */
  static fromResponse(request: RequestContext, response: ResponseInfo): UltravoxApiError {
    const where = `${request.method} ${request.path}`;
    if (response.status >= 300 && response.status < 400) return new RedirectError(request, response);
    switch (response.status) {
      case 400:
        return new BadRequestError(request, response, `Ultravox rejected ${where} (400 Bad Request)`);
      case 401:
        return new AuthenticationError(
          request,
          response,
          `Ultravox rejected the API key: it is missing, malformed or revoked (401 on ${where}). ${API_KEY_HELP}`,
        );
      case 403:
        return new PermissionDeniedError(
          request,
          response,
          `Ultravox refused ${where} for this API key (403 Forbidden): the key is valid but not allowed to ` +
            `do this. Use a key of an account that may. ${API_KEY_HELP}`,
        );
      case 404:
        return new NotFoundError(request, response);
      case 409:
        return new ConflictError(request, response);
      case 429:
        return new RateLimitError(request, response);
      default:
        return response.status >= 500 ? new InternalServerError(request, response) : new UltravoxApiError(request, response);
    }
  }
}

/**
 * A 3xx. Redirects are never followed: the API does not redirect, and following one would send the
 * API key to wherever the answer points. Usually the base URL is wrong (http for https, a missing
 * path, a proxy's login page).
 */
export class RedirectError extends UltravoxApiError {
  constructor(request: RequestContext, response: ResponseInfo) {
    const where = `${request.method} ${request.path}`;
    const to = response.location ? ` to ${maskUserinfo(response.location)}` : "";
    super(
      request,
      response,
      `Ultravox answered ${where} with ${statusLine(response)}, a redirect${to}. Redirects are not followed: ` +
        `the API key is sent only to the base URL, ${request.baseUrl}. Check the base URL (the resource's baseUrl, ` +
        "stack config ultravox:baseUrl, or ULTRAVOX_BASE_URL).",
      false,
    );
  }
}

/** 400: the API refused the config; `fieldMessages` name our properties. */
export class BadRequestError extends UltravoxApiError {}
/** 401: the API key is missing, malformed or revoked. */
export class AuthenticationError extends UltravoxApiError {}
/** 403: the key is valid but may not do this. */
export class PermissionDeniedError extends UltravoxApiError {}
/** 404: no such object (for a telephony config: the account has none). */
export class NotFoundError extends UltravoxApiError {}
/** 409: the API reports a conflicting change. */
export class ConflictError extends UltravoxApiError {}
/** 429 after every retry the policy allows. */
export class RateLimitError extends UltravoxApiError {}
/** 5xx after every retry the policy allows. */
export class InternalServerError extends UltravoxApiError {}

/** The request never got an answer: refused, reset, DNS, TLS, a proxy that failed. */
export class UltravoxConnectionError extends UltravoxError {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, redactor: Redactor, cause?: unknown) {
    super(message, redactor, cause);
    this.code = code;
  }
}

/** No answer within `ultravox:timeoutMs`, on every attempt. */
export class UltravoxTimeoutError extends UltravoxConnectionError {}

/** A success status with a body we cannot trust (or too large to read): never written into the state. */
export class UnexpectedResponseError extends UltravoxError {}

/** The state of an object as an operation that did not finish left it, for Pulumi to record. */
export interface PartialState {
  /** The resource's id: the object's, or a provisional one when Ultravox's answer was lost. */
  id: string;
  /** The outputs that say what Ultravox holds now (`__provider` included: Pulumi stores them as they are). */
  properties: Record<string, unknown>;
}

/**
 * A write that left an object in Ultravox, but not as the program asked: an answer lost after
 * Ultravox may have created the object, an update of several requests cut short. It carries the
 * state as it is now, and Pulumi's dynamic-provider host reports it as a partial failure
 * (`ErrorResourceInitFailed`, from `id`, `properties` and `reasons`): the engine records that state
 * with the message as the resource's init error, and the next `pulumi up` updates the resource from it.
 */
export class IncompleteOperationError extends UltravoxError {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(message: string, state: PartialState, redactor: Redactor = NO_SECRETS, cause?: unknown) {
    super(message, redactor, cause);
    this.id = state.id;
    // As JSON: Pulumi's Struct refuses `undefined` anywhere.
    this.properties = JSON.parse(JSON.stringify(state.properties)) as Record<string, unknown>;
    this.reasons = [this.message];
  }
}

// ---------------------------------------------------------------------------------------------
// Reading DRF-shaped error bodies: {"field": ["msg"]}, {"non_field_errors": [...]}, {"detail": ...}

interface ParsedBody {
  text: string;
  detail: string | undefined;
  fields: FieldMessage[];
}

/** Reads an error body. Every text is redacted before it is cut, so a cut never splits a secret. */
function describeBody(response: ResponseInfo, redactor: Redactor): ParsedBody {
  const { body, contentType } = response;
  const quote = (text: string) => cut(redactor.redact(text));
  if (response.omittedBody !== undefined) return { text: response.omittedBody, detail: undefined, fields: [] };
  if (body === undefined || body === null || body === "") return { text: "(empty body)", detail: undefined, fields: [] };
  if (typeof body === "string") {
    const trimmed = body.trim();
    if (/html/i.test(contentType) || /^<(!doctype|html|head|body)/i.test(trimmed)) {
      return { text: "(an HTML page, not a JSON error)", detail: undefined, fields: [] };
    }
    return { text: quote(trimmed.replace(/\s+/g, " ")), detail: undefined, fields: [] };
  }
  if (typeof body !== "object") return { text: quote(JSON.stringify(body)), detail: undefined, fields: [] };

  const details: string[] = [];
  const fields: FieldMessage[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === "detail" || key === "non_field_errors" || key === "message" || key === "error") {
      details.push(...collectStrings(value));
    } else {
      collectFieldMessages(value, [camelCase(key)], fields);
    }
  }
  const detail = details.length > 0 ? details.map(quote).join(" ") : undefined;
  const redacted = fields.map((f) => ({ property: redactor.redact(f.property), message: redactor.redact(f.message) }));
  const shown = redacted.slice(0, MAX_FIELD_MESSAGES).map((f) => `${f.property}: ${cut(f.message)}`);
  if (fields.length > MAX_FIELD_MESSAGES) shown.push(`and ${fields.length - MAX_FIELD_MESSAGES} more`);
  const text = [detail, shown.join("; ")].filter(Boolean).join(" ");
  return { text: text || quote(JSON.stringify(body)), detail, fields: redacted };
}

function collectStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(collectStrings);
  return value === undefined || value === null ? [] : [JSON.stringify(value)];
}

function collectFieldMessages(value: unknown, path: PathSegment[], out: FieldMessage[]): void {
  if (typeof value === "string") {
    out.push({ property: propertyPath(path), message: value });
  } else if (Array.isArray(value)) {
    // ["msg", "msg"] are messages for this path; [[...], {...}] are per-element errors.
    value.forEach((item, i) => collectFieldMessages(item, typeof item === "string" ? path : [...path, i], out));
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      // DRF may leave nested keys in snake case too: `selected_tools` is `selectedTools` here.
      const segment: PathSegment = /^\d+$/.test(key) ? Number(key) : camelCase(key);
      collectFieldMessages(inner, [...path, segment], out);
    }
  }
}

function statusLine(response: ResponseInfo): string {
  return `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
}

/** Cuts a (redacted) text to MAX_QUOTED characters. */
function cut(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/** Connection failures that happen before a request reaches the server. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "EAI_AGAIN", "ENOTFOUND"]);

/**
 * True when a failed write may still have been applied by Ultravox: its answer was lost (the
 * connection dropped or timed out after the request was sent), could not be read (not JSON, too
 * large), or came from something in between (a 5xx other than 503, which says nothing was done).
 * A create that fails so must find out whether the object exists before anyone writes it again.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (error instanceof UnexpectedResponseError) return true;
  if (error instanceof UltravoxConnectionError) return !NOT_SENT_CODES.has(error.code ?? "");
  if (error instanceof InternalServerError) return error.status !== 503;
  return false;
}
