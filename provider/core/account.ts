/**
 * Which Ultravox account a resource lives in, and what a changed API key or base URL means.
 *
 * The state records the account (`accountId`, as `GET /api/accounts/me` reports it) and a
 * fingerprint of the connection last used (`ultravoxApiKeyFingerprint`: 16 hex digits of a SHA-256
 * over the base URL and the key; never the key, nor any run of it).
 *  - The same fingerprint: the same key on the same API, nothing to check. Previews and no-ops
 *    cost no request.
 *  - Another fingerprint: one request (once per key and process) learns the key's account.
 *    The same account (a rotated key, a proxy in front of the API): nothing changes in Ultravox.
 *    Another account: when the resource's own connection inputs changed, it is replaced (created in
 *    the new account, deleted from the old one with the old key); when only the stack's settings or
 *    the environment changed, every operation is refused (AccountMismatchError) and the state keeps
 *    the resource as it is.
 *  - A state without a record (written before 0.2.0), or a key that may not read its account:
 *    nothing can be compared, and the operation goes ahead as before; the next write records it.
 */
import { createHash } from "node:crypto";
import type { UltravoxClient } from "./client";
import { UltravoxApiError, UltravoxError } from "./errors";
import * as z from "zod/mini";

type Props = Record<string, unknown>;

/** The output naming the account a resource lives in. */
export const ACCOUNT_ID = "accountId";
/** The output fingerprinting the connection (base URL and key) last used. */
export const KEY_FINGERPRINT = "ultravoxApiKeyFingerprint";

/** The fingerprint of a connection: never the key, nor any run of its characters. */
export function connectionFingerprint(baseUrl: string, apiKey: string): string {
  return createHash("sha256").update(`pulumi-ultravox\n${baseUrl}\n${apiKey}`).digest("hex").slice(0, 16);
}

/** The account a state records, if it records one. */
export interface AccountRecord {
  accountId?: string;
  fingerprint?: string;
}

export function recordedAccount(state: Props): AccountRecord {
  const accountId = state[ACCOUNT_ID];
  const fingerprint = state[KEY_FINGERPRINT];
  return {
    accountId: typeof accountId === "string" ? accountId : undefined,
    fingerprint: typeof fingerprint === "string" ? fingerprint : undefined,
  };
}

/** The outputs recording an account; nothing when the account is not known. */
export function accountOutputs(record: AccountRecord): Props {
  if (record.accountId === undefined || record.fingerprint === undefined) return {};
  return { [ACCOUNT_ID]: record.accountId, [KEY_FINGERPRINT]: record.fingerprint };
}

const ACCOUNT_ANSWER = {
  schema: z.looseObject({ accountId: z.string() }),
  read: (body: unknown) => (body as { accountId: string }).accountId,
};

/** Accounts already learnt in this process, by connection fingerprint. */
const known = new Map<string, Promise<string | undefined>>();

/**
 * The account the client's key opens (one request per key and process), or undefined when the key
 * may not read it (401/403/404 on `/api/accounts/me`: a key whose scope leaves it out).
 */
export function accountOf(api: UltravoxClient): Promise<string | undefined> {
  let pending = known.get(api.fingerprint);
  if (pending === undefined) {
    pending = api.request("GET", "/api/accounts/me", { response: ACCOUNT_ANSWER }).then(
      (answer) => answer.data,
      (error: unknown) => {
        known.delete(api.fingerprint);
        if (error instanceof UltravoxApiError && [401, 403, 404].includes(error.status)) return undefined;
        throw error;
      },
    );
    known.set(api.fingerprint, pending);
  }
  return pending;
}

/** The account recorded for a client just used, learnt if need be. */
export async function accountRecord(api: UltravoxClient, recorded: AccountRecord): Promise<AccountRecord> {
  if (recorded.fingerprint === api.fingerprint && recorded.accountId !== undefined) return recorded;
  return { accountId: await accountOf(api), fingerprint: api.fingerprint };
}

/** Where the key in use came from, for the message that refuses it. */
export type KeySource = "input" | "stack" | "environment";

const SOURCE_NAME: Record<KeySource, string> = {
  input: "the resource's ultravoxApiKey",
  stack: "stack config ultravox:apiKey",
  environment: "the environment variable ULTRAVOX_API_KEY",
};

/** A key (or base URL) of another account than the one the state records: nothing was sent. */
export class AccountMismatchError extends UltravoxError {
  constructor(resource: string, recorded: string, current: string, source: KeySource) {
    super(
      `${resource} lives in Ultravox account ${recorded}, but the API key now in use (${SOURCE_NAME[source]}) opens account ` +
        `${current}. Nothing was sent, and the state keeps the resource as it is. If the key or base URL was changed by ` +
        `mistake, set it back to one of account ${recorded}. To move your resources to account ${current}, run ` +
        "`pulumi destroy` with a key of the old account, then `pulumi up` with the new one; or give a resource the new key " +
        "as its own `ultravoxApiKey` input while the stack still opens the old account: Pulumi then replaces it (creates it " +
        "in the new account, deletes it from the old one).",
    );
  }
}
