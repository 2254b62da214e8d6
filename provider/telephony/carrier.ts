/**
 * A telephony carrier, as a short spec: its path, the fields naming its account, and its
 * write-only secrets. Everything else is shared by every carrier: the call-creation fields below,
 * their rules and defaults, how a config is read back, and the provider (provider.ts).
 *
 * Adding a carrier: a spec here-like in `provider/<carrier>/spec.ts`, a resource class, a handle
 * and a methods module (copy Twilio's), an emulator entry, and a row in the carrier test table.
 */
import type { FieldKind } from "../core/compare";
import type { Props } from "../core/resource-provider";
import type { WriteOnlySecret } from "../core/write-only-secret";
import { boolean, dotPath, isUnknown, list, map, object, show, string, uuid, type Issue, type Validator } from "../core/validate";

export interface CarrierSpec {
  /** Path segment (`/api/telephony_configs/<name>`) and the resource's id. */
  name: string;
  /** The resource class: `PlivoTelephonyConfig`. */
  className: string;
  /** The fields naming the carrier account (required, not secret), with their own rules. */
  identity: Readonly<Record<string, Validator>>;
  /** Write-only secrets (required), each reported back as a prefix. */
  secrets: readonly WriteOnlySecret[];
  /** Inputs that may hold the Ultravox API key; default `["ultravoxApiKey"]`. */
  apiKeyInputs?: readonly string[];
}

/** The API's documented limit on `callCreationAllowedAgentIds`. */
const MAX_AGENT_IDS = 100;

/** The call-creation fields every carrier's config has, and how each compares. */
const SHARED_FIELDS: Readonly<Record<string, FieldKind>> = {
  callCreationAllowedAgentIds: "set",
  callCreationAllowAllAgents: "value",
  requestContextMapping: "value",
};

/** The non-secret fields of a carrier's config, in the order they are sent and shown. */
export function configFields(carrier: CarrierSpec): Record<string, FieldKind> {
  return { ...Object.fromEntries(Object.keys(carrier.identity).map((field) => [field, "value" as const])), ...SHARED_FIELDS };
}

export function sharedInputs(): Record<string, Validator> {
  return {
    callCreationAllowedAgentIds: list(uuid, {
      what: "a list of agent ids (UUID strings)",
      maxItems: MAX_AGENT_IDS,
      itemsName: "agent ids",
    }),
    callCreationAllowAllAgents: boolean(),
    requestContextMapping: map(dotPath, { what: "an object mapping request fields to context fields", key: dotPath }),
  };
}

/** Rules across the shared fields: no repeated agent id, and a list or allow-all, not both. */
export function refineShared(value: Props, issues: Issue[]): void {
  const ids = value.callCreationAllowedAgentIds;
  if (!Array.isArray(ids)) return;
  const seen = new Map<string, number>();
  ids.forEach((id, index) => {
    if (typeof id !== "string" || isUnknown(id)) return;
    const first = seen.get(id.toLowerCase());
    if (first === undefined) seen.set(id.toLowerCase(), index);
    else {
      issues.push({
        path: ["callCreationAllowedAgentIds", index],
        message: `repeats callCreationAllowedAgentIds[${first}] (${show(id)}; ids are compared ignoring case)`,
      });
    }
  });
  if (value.callCreationAllowAllAgents === true && ids.length > 0) {
    issues.push({
      path: ["callCreationAllowedAgentIds"],
      message: "must be empty when callCreationAllowAllAgents is true: Ultravox allows either every agent or a list, not both",
    });
  }
}

/** Defaults filled in and agent ids lower-cased: for checked inputs and for the API's answers alike. */
export function normalizeShared(value: Props): Props {
  const ids: unknown = value.callCreationAllowedAgentIds ?? [];
  return {
    ...value,
    callCreationAllowedAgentIds: Array.isArray(ids)
      ? ids.map((id: unknown) => (typeof id === "string" && !isUnknown(id) ? id.toLowerCase() : id))
      : ids,
    callCreationAllowAllAgents: value.callCreationAllowAllAgents ?? false,
    requestContextMapping: value.requestContextMapping ?? {},
  };
}

/** A config as the API returned it, read. */
export interface RemoteConfig {
  /** The non-secret fields, normalized like checked inputs. */
  fields: Props;
  /** Reported prefixes, keyed by `WriteOnlySecret.prefixField`; undefined when none was reported. */
  prefixes: Record<string, string | undefined>;
}

/**
 * What an answer must look like: the identity fields, the shared fields (absent or null read as
 * their defaults), and a prefix per secret. A prefix is documented as always present; an answer
 * without one is accepted (the write was applied), and that secret's drift is then not detected
 * until a prefix is reported.
 */
export function responseValidator(carrier: CarrierSpec): Validator {
  const prefix = object({ prefix: string({ nonEmpty: false }) }, { required: ["prefix"], strict: false });
  const fields: Record<string, Validator> = {
    ...Object.fromEntries(Object.keys(carrier.identity).map((field) => [field, string({ nonEmpty: false })])),
    callCreationAllowedAgentIds: list(string()),
    callCreationAllowAllAgents: boolean(),
    requestContextMapping: map(string({ nonEmpty: false })),
    ...Object.fromEntries(carrier.secrets.map((s) => [s.prefixField, prefix])),
  };
  return object(fields, { required: Object.keys(carrier.identity), strict: false });
}

export function readConfig(carrier: CarrierSpec, body: unknown): RemoteConfig {
  const answer = body as Props;
  const fields = normalizeShared(Object.fromEntries(Object.keys(configFields(carrier)).map((field) => [field, answer[field]])));
  const prefixes = Object.fromEntries(
    carrier.secrets.map((s) => [s.prefixField, (answer[s.prefixField] as { prefix?: string } | null)?.prefix]),
  );
  return { fields, prefixes };
}
