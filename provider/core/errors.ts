/**
 * One error hierarchy for everything the Ultravox API or the network can do to us.
 *
 * Callers branch on the class (`instanceof NotFoundError`), never on message text. Every error
 * redacts itself when it is built: the message (and so the stack Pulumi prints) and every field
 * message pass through the Redactor of the request, so no caller can forget to redact.
 */
import { camelCase, propertyPath, type PathSegment } from "./property-path";
import { NO_SECRETS, type Redactor } from "./redact";

/** How a user sets the API key: named in every error about a missing or rejected key. */
export const API_KEY_HELP =
  "Set it in one of three ways: the resource's `apiKey` input, stack config " +
  "`pulumi config set --secret ultravox:apiKey <key>`, or the environment variable ULTRAVOX_API_KEY.";

/** Longest API text (detail, field message, body excerpt) quoted in an error. */
const MAX_QUOTED = 300;
const MAX_FIELD_MESSAGES = 10;

export class UltravoxError extends Error {
  constructor(message: string, redactor: Redactor = NO_SECRETS) {
    super(redactor.redact(message));
    this.name = new.target.name;
  }
}

/** The provider's own settings are unusable: raised before any request is sent. */
export class ConfigurationError extends UltravoxError {}

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
  redactor: Redactor;
}

export interface ResponseInfo {
  status: number;
  statusText: string;
  contentType: string;
  /** The body: parsed JSON when it was JSON, else its text. */
  body: unknown;
}

/** The API answered with an error status. */
export class UltravoxApiError extends UltravoxError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  /** The API's `detail` / `non_field_errors`, redacted. */
  readonly detail: string | undefined;
  /** The API's per-field messages, keyed by our property names, redacted. */
  readonly fieldMessages: readonly FieldMessage[];

  constructor(request: RequestContext, response: ResponseInfo, summary?: string) {
    const parsed = describeBody(response);
    const where = `${request.method} ${request.path}`;
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    const tries = request.attempts > 1 ? ` after ${request.attempts} attempts` : "";
    const head = summary ?? `Ultravox answered ${where} with ${status}${tries}`;
    super(`${head}${parsed.text ? `: ${parsed.text}` : ""}`, request.redactor);
    this.status = response.status;
    this.method = request.method;
    this.path = request.path;
    this.attempts = request.attempts;
    this.detail = parsed.detail === undefined ? undefined : request.redactor.redact(parsed.detail);
    this.fieldMessages = parsed.fields.map((f) => ({
      property: request.redactor.redact(f.property),
      message: request.redactor.redact(f.message),
    }));
  }

  /** The subclass for a status, as openai-node's `APIError.generate` does. */
  static fromResponse(request: RequestContext, response: ResponseInfo): UltravoxApiError {
    const where = `${request.method} ${request.path}`;
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
            `manage telephony configuration. Use a key of an account that may. ${API_KEY_HELP}`,
        );
      case 404:
        return new NotFoundError(request, response);
      case 409:
        return new ConflictError(request, response);
      case 429:
        return new RateLimitError(request, response);
      default:
        return response.status >= 500
          ? new InternalServerError(request, response)
          : new UltravoxApiError(request, response);
    }
  }
}

export class BadRequestError extends UltravoxApiError {}
export class AuthenticationError extends UltravoxApiError {}
export class PermissionDeniedError extends UltravoxApiError {}
export class NotFoundError extends UltravoxApiError {}
export class ConflictError extends UltravoxApiError {}
export class RateLimitError extends UltravoxApiError {}
export class InternalServerError extends UltravoxApiError {}

/** The request never got an answer: refused, reset, DNS, TLS. */
export class UltravoxConnectionError extends UltravoxError {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, redactor: Redactor) {
    super(message, redactor);
    this.code = code;
  }
}

/** No answer within `ultravox:timeoutMs`, on every attempt. */
export class UltravoxTimeoutError extends UltravoxConnectionError {}

/** A success status with a body we cannot trust: never written into the state. */
export class UnexpectedResponseError extends UltravoxError {}

// ---------------------------------------------------------------------------------------------
// Reading DRF-shaped error bodies: {"field": ["msg"]}, {"non_field_errors": [...]}, {"detail": ...}

interface ParsedBody {
  text: string;
  detail: string | undefined;
  fields: FieldMessage[];
}

function describeBody(response: ResponseInfo): ParsedBody {
  const { body, contentType } = response;
  if (body === undefined || body === null || body === "") return { text: "(empty body)", detail: undefined, fields: [] };
  if (typeof body === "string") {
    const trimmed = body.trim();
    if (/html/i.test(contentType) || /^<(!doctype|html|head|body)/i.test(trimmed)) {
      return { text: "(an HTML page, not a JSON error)", detail: undefined, fields: [] };
    }
    return { text: quote(trimmed.replace(/\s+/g, " ")), detail: undefined, fields: [] };
  }
  if (typeof body !== "object") return { text: quote(String(body)), detail: undefined, fields: [] };

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
  const shown = fields.slice(0, MAX_FIELD_MESSAGES).map((f) => `${f.property}: ${quote(f.message)}`);
  if (fields.length > MAX_FIELD_MESSAGES) shown.push(`and ${fields.length - MAX_FIELD_MESSAGES} more`);
  const text = [detail, shown.join("; ")].filter(Boolean).join(" ");
  return { text: text || quote(JSON.stringify(body)), detail, fields };
}

function collectStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(collectStrings);
  return value === undefined || value === null ? [] : [String(value)];
}

function collectFieldMessages(value: unknown, path: PathSegment[], out: FieldMessage[]): void {
  if (typeof value === "string") {
    out.push({ property: propertyPath(path), message: value });
  } else if (Array.isArray(value)) {
    // ["msg", "msg"] are messages for this path; [[...], {...}] are per-element errors.
    value.forEach((item, i) => collectFieldMessages(item, typeof item === "string" ? path : [...path, i], out));
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const segment: PathSegment = /^\d+$/.test(key) ? Number(key) : key;
      collectFieldMessages(inner, [...path, segment], out);
    }
  }
}

function quote(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}
