/**
 * The emulator's API keys (`/api/api_keys`, `/api/api_keys/<prefix>`: list, POST, GET, PUT, PATCH,
 * DELETE), as the API document describes them, and working as keys do: one created here opens the
 * account (requests with it authenticate), one revoked or deleted opens nothing (401).
 *
 * A create (`APIKeyCreate`) takes `name` (required, at most 50 characters) and `expiryDate` (a
 * time, or null for none), and its answer carries the new key, `secret`, once: no other answer
 * does (`APIKey` has no such field). Once created, `name` and `expiryDate` are read-only (`APIKey`,
 * `PatchedAPIKey`): a PUT or PATCH that sends them is not refused, they are ignored, as DRF ignores
 * read-only fields; what a PUT or PATCH changes is `revoked`. A key is addressed by its prefix, the
 * part before the dot (`emu1a2b3.…` → `emu1a2b3`).
 *
 * Where the document is silent, the emulator assumes:
 *  - these paths take an API key of the account like every other (the document lists no security
 *    scheme for them);
 *  - a revoked key cannot be restored ("This cannot be undone."): `revoked: false` on one is a 400;
 *  - an expired key answers 401 ("clients cannot use it anymore") and is listed, not revoked; an
 *    `expiryDate` already past is accepted (the key opens nothing from the start);
 *  - `creator` is null: the key was made with a key, not by someone signed in to the console;
 *  - a key that opens the account but was not made here (`addAccount`, `addApiKey`) is listed as
 *    well, named "emulator key"; one revoked behind the API's back (`revokeApiKey`) is listed
 *    `revoked: true`. To delete one behind its back, revoke it, then delete its record from the
 *    store (`emulator.objects(key, apiKeysRoute).delete(apiKeyPrefix(revoked))`).
 */
import { randomBytes } from "node:crypto";
import { collectionRoute, type Kind } from "./collection";
import { boolean, dateTime, drfTime, parseDateTime, text, type Fields } from "./fields";
import type { AccountKeys } from "./routes";

/** An obviously fake key in Ultravox's shape: 8 characters, a dot, 32 characters. */
export function makeApiKey(): string {
  return `emu${randomBytes(3).toString("hex").slice(0, 5)}.${randomBytes(16).toString("hex")}`;
}

/** The prefix that names a key: the part before the dot (a key with none: its first 8 characters). */
export function apiKeyPrefix(apiKey: string): string {
  const dot = apiKey.indexOf(".");
  return dot < 0 ? apiKey.slice(0, 8) : apiKey.slice(0, dot);
}

export interface ApiKeyFields {
  name?: string;
  expiryDate?: string | null;
  revoked?: boolean;
}

/** A key's record, `secret` included (tests only). */
export interface StoredApiKey {
  prefix: string;
  secret: string;
  name: string;
  created: string;
  creator: string | null;
  expiryDate: string | null;
  revoked: boolean;
}

const CREATE_FIELDS: Fields = { name: { check: text(50), required: true }, expiryDate: { check: dateTime, nullable: true } };
const UPDATE_FIELDS: Fields = { revoked: { check: boolean } };

function record(secret: string, name: string, expiryDate: string | null): StoredApiKey {
  return { prefix: apiKeyPrefix(secret), secret, name, created: drfTime(), creator: null, expiryDate, revoked: false };
}

function present({ secret: _secret, ...shown }: StoredApiKey): Omit<StoredApiKey, "secret"> {
  return shown;
}

const apiKeys: Kind<StoredApiKey, ApiKeyFields> = {
  name: "api key",
  path: "/api/api_keys",
  itemMethods: ["PUT", "PATCH", "DELETE"],
  fields: CREATE_FIELDS,
  updateFields: UPDATE_FIELDS,
  id: (key) => key.prefix,
  create: (values) =>
    record(makeApiKey(), values.name!, typeof values.expiryDate === "string" ? drfTime(parseDateTime(values.expiryDate)) : null),
  update: (key, values) => ({ ...key, revoked: values.revoked ?? key.revoked }),
  check: (values, stored) =>
    stored?.revoked && values.revoked === false ? { revoked: ["A revoked API key cannot be restored."] } : undefined,
  present,
  presentCreated: (key) => ({ ...present(key), secret: key.secret }),
  written(key, previous, account) {
    if (previous === undefined) account.keys.add(key.secret, key.expiryDate === null ? undefined : new Date(key.expiryDate));
    else if (key.revoked && !previous.revoked) account.keys.revoke(key.secret);
  },
  deleted: (key, account) => account.keys.revoke(key.secret),
};

const route = collectionRoute(apiKeys);

export const apiKeysRoute: typeof route = {
  ...route,
  handle: (store, request, account, shared) => route.handle(reconcile(store, account.keys), request, account, shared),
};

/** The records brought in line with the keys that open the account (some made or revoked behind the API's back). */
function reconcile(store: Map<string, StoredApiKey>, keys: AccountKeys): Map<string, StoredApiKey> {
  const open = new Set(keys.list());
  for (const secret of open) if (!store.has(apiKeyPrefix(secret))) store.set(apiKeyPrefix(secret), record(secret, "emulator key", null));
  for (const key of store.values()) if (!open.has(key.secret)) key.revoked = true;
  return store;
}
