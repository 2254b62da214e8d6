/**
 * The emulator's SIP config (`/api/sip`: GET and PATCH only), one per account, as the API
 * document describes it: `allowedCidrRanges` (IPv4 networks), `allowAllAgents` (default false),
 * `allowedAgents` (at most 20 allowances, each an `agentId` and an optional `toUserPattern` of at
 * most 200 characters), `fallbackHandler` (null, or a `url` and 1 to 10 `secrets` of at most 120
 * characters each), and the read-only `domain`. An account's config starts empty: no ranges, no
 * allowances, allow-all off, no fallback handler.
 *
 * The handler's secrets are marked neither write-only nor read-only in the document and have no
 * prefix field: answers show them in clear, as the API does.
 *
 * Where the document is silent, the emulator assumes:
 *  - a `fallbackHandler` sent replaces the stored one whole (a nested object), so one sent without
 *    `secrets` gets a new strong secret generated ("auto-generated if omitted"), even when the
 *    stored handler had secrets: a client that changes only the url must send the secrets again;
 *  - an allowance sent without `toUserPattern` is stored with the default the document names,
 *    `^agent_<agentId>$`, and answers show it; the pattern is not checked as a regular expression;
 *  - a network must be in CIDR notation (the document's `ipv4-cidr`) with no host bits set, as
 *    Python's `ipaddress.IPv4Network` takes it, and is kept as sent; allowances need not name agents of the account,
 *    and `allowAllAgents` may be on together with allowances (the document says they add up);
 *  - `domain` is `<accountId>.sip.ultravox.invalid`.
 */
import type { DrfErrors } from "./carriers";
import {
  boolean,
  fieldErrors,
  generatedSecret,
  ipv4Cidr,
  listOf,
  listOfObjects,
  object,
  text,
  url,
  uuid,
  valuesOf,
  type Fields,
} from "./fields";
import { NOT_AN_OBJECT, notAllowed, objectBody, type ObjectRoute } from "./routes";

/** What a client (or someone in the console) writes of the config; `null` removes the fallback handler. */
export interface SipConfigFields {
  allowedCidrRanges?: string[];
  allowAllAgents?: boolean;
  allowedAgents?: { agentId: string; toUserPattern?: string }[];
  fallbackHandler?: { url: string; secrets?: string[] } | null;
}

/** An account's SIP config as stored (answers add `domain`). */
export interface StoredSipConfig {
  allowedCidrRanges: string[];
  allowAllAgents: boolean;
  allowedAgents: { agentId: string; toUserPattern: string }[];
  fallbackHandler: { url: string; secrets: string[] } | null;
}

const MAX_ALLOWANCES = 20;

const FIELDS: Fields = {
  allowedCidrRanges: { check: listOf(ipv4Cidr) },
  allowAllAgents: { check: boolean },
  allowedAgents: {
    check: listOfObjects({ agentId: { check: uuid, required: true }, toUserPattern: { check: text(200) } }, { max: MAX_ALLOWANCES }),
  },
  fallbackHandler: {
    check: object({ url: { check: url(), required: true }, secrets: { check: listOf(text(120), { min: 1, max: 10 }) } }),
    nullable: true,
  },
};

export const sipConfigRoute: ObjectRoute<StoredSipConfig> = {
  name: "sip config",
  pattern: /^\/api\/sip\/?$/,
  store: () => ({ allowedCidrRanges: [], allowAllAgents: false, allowedAgents: [], fallbackHandler: null }),
  handle(config, request, account) {
    const { method } = request;
    if (method !== "GET" && method !== "PATCH") return notAllowed(method);
    if (method === "PATCH") {
      const body = objectBody(request);
      if (!body) return NOT_AN_OBJECT;
      const errors = patch(config, body);
      if (errors) return { status: 400, body: errors };
    }
    return { status: 200, body: { ...structuredClone(config), domain: `${account.accountId}.sip.ultravox.invalid` } };
  },
};

/** Applies a PATCH body to the config; its errors (the config unchanged), or undefined. */
function patch(config: StoredSipConfig, body: Record<string, unknown>): DrfErrors | undefined {
  const errors = fieldErrors(FIELDS, body, true);
  if (errors) return errors;
  const values = structuredClone(valuesOf(FIELDS, body)) as SipConfigFields;
  if (values.allowedCidrRanges) config.allowedCidrRanges = values.allowedCidrRanges;
  if (values.allowAllAgents !== undefined) config.allowAllAgents = values.allowAllAgents;
  if (values.allowedAgents) {
    config.allowedAgents = values.allowedAgents.map(({ agentId, toUserPattern }) => ({
      agentId,
      toUserPattern: toUserPattern ?? `^agent_${agentId}$`,
    }));
  }
  if (values.fallbackHandler !== undefined) {
    const handler = values.fallbackHandler;
    config.fallbackHandler = handler && { url: handler.url, secrets: handler.secrets ?? [generatedSecret()] };
  }
  return undefined;
}

/** Changes the config as someone in the console would, by the API's rules; throws when they refuse. */
export function changeSipConfig(config: StoredSipConfig, changes: SipConfigFields): void {
  const errors = patch(config, changes as Record<string, unknown>);
  if (errors) throw new Error(`the emulator refuses that SIP config: ${JSON.stringify(errors)}`);
}
