/**
 * A telephony carrier's config (`/api/telephony_configs/<carrier>`), as a resource spec: each
 * carrier is a short `CarrierSpec` (its path, the fields naming its account, its write-only
 * secrets), and everything else is shared by every carrier: the call-creation fields, their rules
 * and defaults, and how a config is written and read back.
 *
 * The resource is the account's one config of a carrier:
 *  - create and update PATCH the whole desired config (POST when there is none yet), so a field
 *    removed from the program is cleared remotely and creating over an existing config adopts it;
 *  - it is never replaced within an account: a replacement would create, then DELETE, the
 *    account's only config of that carrier;
 *  - a secret is never returned, only a prefix of it (write-only-secret.ts: how its drift is found).
 *
 * Adding a carrier: a `CarrierSpec` in `provider/<carrier>/spec.ts`, a resource class, a handle and
 * a methods module (copy Twilio's), an emulator entry, and a row in the carrier test table.
 */
import * as z from "zod/mini";
import type { Issue } from "../core/check";
import { show } from "../core/check";
import type { FieldKind } from "../core/compare";
import { UltravoxError } from "../core/errors";
import { dotPath, trimmedString, uuid } from "../core/formats";
import { maxLength } from "../core/prose-rules";
import type { Props, ResourceSpec } from "../core/spec";
import { isUnknown } from "../core/values";
import { isOutsideChangeMarker, type WriteOnlySecret } from "../core/write-only-secret";

export interface CarrierSpec {
  /** Path segment (`/api/telephony_configs/<name>`) and the resource's id. */
  name: string;
  /** The resource class: `PlivoTelephonyConfig`. */
  className: string;
  /** The fields naming the carrier account (required, not secret), with their own rules. */
  identity: Readonly<Record<string, z.ZodMiniType<string>>>;
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
  callCreationAllowAllAgents: "whole",
  requestContextMapping: "whole",
};

/** The non-secret fields of a carrier's config, in the order they are sent and shown. */
function configFields(carrier: CarrierSpec): Record<string, FieldKind> {
  return { ...Object.fromEntries(Object.keys(carrier.identity).map((field) => [field, "whole" as const])), ...SHARED_FIELDS };
}

/** Rules across the shared fields: no repeated agent id, and a list or allow-all, not both. */
function sharedRules(value: Props): Issue[] {
  const ids = value.callCreationAllowedAgentIds;
  if (!Array.isArray(ids)) return [];
  const issues: Issue[] = [];
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
  return issues;
}

/** Defaults filled in and agent ids lower-cased: for checked inputs and for the API's answers alike. */
function normalizeShared(value: Props): Props {
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

const PREFIX = z.nullish(z.looseObject({ prefix: z.string() }));

/** The resource spec of a carrier's telephony config. */
export function telephonySpec(carrier: CarrierSpec): ResourceSpec {
  const fields = configFields(carrier);
  const secrets = carrier.secrets.map((s) => s.field);
  return {
    className: carrier.className,
    api: { kind: "singleton", path: `/api/telephony_configs/${carrier.name}`, id: carrier.name, create: "patch-or-post", delete: "DELETE" },
    inputs: () => ({
      ...carrier.identity,
      ...Object.fromEntries(secrets.map((field) => [field, trimmedString])),
      callCreationAllowedAgentIds: z.optional(z.array(uuid).check(maxLength(MAX_AGENT_IDS))),
      callCreationAllowAllAgents: z.optional(z.boolean()),
      requestContextMapping: z.optional(z.record(dotPath, dotPath)),
    }),
    refine: sharedRules,
    secretInputs: [],
    fields,
    prefixedSecrets: carrier.secrets,
    normalize: normalizeShared,
    body: (desired) => Object.fromEntries(Object.keys(fields).map((field) => [field, desired[field]])),
    // Absent or null shared fields read as their defaults. A prefix is documented as always present;
    // an answer without one is accepted (the write was applied), and that secret's drift is then not
    // detected until a prefix is reported.
    answer: z.looseObject({
      ...Object.fromEntries(Object.keys(carrier.identity).map((field) => [field, z.string()])),
      callCreationAllowedAgentIds: z.nullish(z.array(z.string())),
      callCreationAllowAllAgents: z.nullish(z.boolean()),
      requestContextMapping: z.nullish(z.record(z.string(), z.string())),
      ...Object.fromEntries(carrier.secrets.map((s) => [s.prefixField, PREFIX])),
    }),
    read: (body) => {
      const answer = body as Props;
      return {
        fields: normalizeShared(Object.fromEntries(Object.keys(fields).map((field) => [field, answer[field] ?? undefined]))),
        prefixes: Object.fromEntries(
          carrier.secrets.map((s) => [s.prefixField, (answer[s.prefixField] as { prefix?: string } | null)?.prefix]),
        ),
      };
    },
    assertCreatable: (desired) => {
      // A POST needs every secret. With ignoreChanges on a secret that drifted, only read's marker
      // is in hand; if the config was also deleted outside Pulumi, say so instead of the API's
      // "This field is required".
      const held = carrier.secrets.filter((s) => isOutsideChangeMarker(desired[s.field])).map((s) => s.field);
      if (held.length === 0) return;
      const names = held.join(" and ");
      throw new UltravoxError(
        `The ${carrier.name} config was deleted outside Pulumi, and ${names} ${held.length > 1 ? "are" : "is"} under ignoreChanges, ` +
          `so there is no value to create it with. Remove ${names} from ignoreChanges for one \`pulumi up\` ` +
          "(or run `pulumi refresh` first, which drops the deleted config from the state so that `up` creates it).",
      );
    },
  };
}
