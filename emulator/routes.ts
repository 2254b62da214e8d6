/**
 * How a kind of object the emulator serves plugs into it: a route is a path pattern and a handler
 * over that kind's store in the account (made on the account's first use of it). The server does
 * the rest the same way for every kind: it authenticates the key, applies rate limits and injected
 * faults, records the exchange, and sends the answer. Each kind lives in its own module
 * (`tools.ts`, `webhooks.ts`, ...) and is listed in `OBJECT_ROUTES` (server.ts).
 */
import type { IncomingHttpHeaders } from "node:http";

/** A DRF-shaped answer: a status and a JSON body (none for 204). */
export interface Answer {
  status: number;
  body?: unknown;
}

/** What a handler is given of a request. */
export interface RouteRequest {
  method: string;
  /** The path's captured groups, URI-decoded (`/api/tools/<id>` → `[id]`); undefined where a group did not match. */
  params: (string | undefined)[];
  /** The body as JSON, when it was JSON. */
  body: unknown;
  /** A body was sent and it was not JSON (a multipart form or bytes may be: see `raw`). */
  bodyError: boolean;
  /** The body's bytes, as sent. */
  raw: Buffer;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  /** The emulator's own URL (`http://127.0.0.1:<port>`), for URLs an answer hands out. */
  baseUrl: string;
  /** The prefix the emulator reports for a write-only secret (`EmulatorOptions.tokenPrefix`). */
  prefixOf(secret: string): string;
}

/** The account a request authenticated as. */
export interface RouteAccount {
  accountId: string;
  /** The API key of this request. */
  apiKey: string;
  /** The emulator's table of the keys that open this account. */
  keys: AccountKeys;
}

/** What opens an account: the API keys a request may authenticate with. */
export interface AccountKeys {
  /** The keys that open the account now. */
  list(): string[];
  /** `apiKey` opens the account from now on, until `expiresAt` when one is given. */
  add(apiKey: string, expiresAt?: Date): void;
  /** A key of the account opens nothing from now on (401). */
  revoke(apiKey: string): void;
}

export interface ObjectRoute<S = unknown> {
  /** The kind's name: its store's key in an account, and how tests name it. */
  name: string;
  /** The paths it serves, each capture group an id. */
  pattern: RegExp;
  /** A new, empty store for one account. */
  store(): S;
  /**
   * Answers one request of an authenticated account. `shared` is one store for the whole emulator,
   * for what crosses accounts or needs no key (a presigned upload).
   */
  handle(store: S, request: RouteRequest, account: RouteAccount, shared: Map<string, unknown>): Answer;
  /**
   * Set for a route that takes no API key (a presigned URL): it is handled with no account, and
   * the exchange records whether a key was sent anyway.
   */
  public?: (request: RouteRequest, shared: Map<string, unknown>) => Answer;
}

export const NOT_FOUND: Answer = { status: 404, body: { detail: "Not found." } };
export const NOT_AN_OBJECT: Answer = { status: 400, body: { detail: "JSON parse error - expected an object." } };

export function notAllowed(method: string): Answer {
  return { status: 405, body: { detail: `Method "${method}" not allowed.` } };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** DRF's cursor pagination over `items` (`cursor`, `pageSize`; `next`/`previous` URLs carry the cursor). */
export function page<T>(items: readonly T[], query: URLSearchParams, path: string, defaultPageSize = 100): Answer {
  const pageSize = Math.max(1, Number(query.get("pageSize")) || defaultPageSize);
  const offset = Number(Buffer.from(query.get("cursor") ?? "", "base64url").toString() || "0") || 0;
  const link = (at: number) => {
    const params = new URLSearchParams(query);
    params.set("cursor", Buffer.from(String(at)).toString("base64url"));
    return `http://ultravox.invalid${path}?${params.toString()}`;
  };
  return {
    status: 200,
    body: {
      next: offset + pageSize < items.length ? link(offset + pageSize) : null,
      previous: offset > 0 ? link(Math.max(0, offset - pageSize)) : null,
      results: items.slice(offset, offset + pageSize),
      total: items.length,
    },
  };
}

/** The answer of the handler for `method`, or a 405 for a method the path does not take. */
export function byMethod(method: string, handlers: Partial<Record<string, () => Answer>>): Answer {
  const handler = handlers[method];
  return handler ? handler() : notAllowed(method);
}

/** The body of a request that must send a JSON object, or undefined (answer `NOT_AN_OBJECT`). */
export function objectBody(request: Pick<RouteRequest, "body" | "bodyError">): Record<string, unknown> | undefined {
  return !request.bodyError && isObject(request.body) ? request.body : undefined;
}

/**
 * DRF's errors for a text field (a `CharField`), or undefined. By default the field is required,
 * not null and not blank; `max` counts code points, as Python does.
 */
export function textErrors(
  value: unknown,
  rules: { max?: number; optional?: boolean; nullable?: boolean; blank?: boolean } = {},
): string[] | undefined {
  if (value === undefined) return rules.optional ? undefined : ["This field is required."];
  if (value === null) return rules.nullable ? undefined : ["This field may not be null."];
  if (typeof value !== "string") return ["Not a valid string."];
  if (value === "" && !rules.blank) return ["This field may not be blank."];
  if (rules.max !== undefined && [...value].length > rules.max) return [`Ensure this field has no more than ${rules.max} characters.`];
  return undefined;
}
