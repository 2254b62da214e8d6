/**
 * The drift rule: what counts as a difference between the program and what Ultravox holds.
 *
 * Non-secret fields are compared by kind (a reordered or re-cased agent list is the same list).
 * Write-only secrets cannot be read back; the API reports only a prefix. The state keeps the
 * prefix the API reported right after our last write (`<prefixField>AtLastWrite`) beside the one
 * it reports now (`<prefixField>`, refreshed by `read`). When they differ, the secret was changed
 * outside Pulumi. Nothing here assumes the prefix's length, nor that it is a literal prefix of the
 * secret: only that the same secret yields the same prefix.
 *
 * How the engine then shows it: `read` puts a marker in place of the secret in the inputs it
 * returns, so the stored inputs differ from the program's and the next preview names the secret
 * (`~ authToken: [secret] => [secret]`). The marker is never a credential and is never sent.
 */
import type { CarrierSpec, FieldKind, WriteOnlySecret } from "./carrier";
import { containsUnknown } from "./validation";

/** The output recording the prefix reported right after our last write. */
export function prefixAtLastWriteField(secret: WriteOnlySecret): string {
  return `${secret.prefixField}AtLastWrite`;
}

/** Inputs that select the account and endpoint rather than describe the config. */
export const CONNECTION_FIELDS = ["apiKey", "baseUrl"] as const;

export function sameValue(kind: FieldKind, a: unknown, b: unknown): boolean {
  switch (kind) {
    case "set":
      return Array.isArray(a) && Array.isArray(b) && canonical(lowered(a).sort()) === canonical(lowered(b).sort());
    case "map":
    case "value":
      return canonical(a) === canonical(b);
  }
}

/** True when the secret was changed outside Pulumi since our last write. */
export function changedOutside(secret: WriteOnlySecret, state: Record<string, unknown>): boolean {
  const now = state[secret.prefixField];
  const atWrite = state[prefixAtLastWriteField(secret)];
  // A state written before the prefix was recorded has nothing to compare against.
  return typeof now === "string" && typeof atWrite === "string" && now !== atWrite;
}

const MARKER_START = "[changed outside Pulumi: ";

/** What `read` records in place of a secret changed outside Pulumi (stored as a secret input). */
export function outsideChangeMarker(secret: WriteOnlySecret, state: Record<string, unknown>): string {
  return `${MARKER_START}Ultravox reports ${secret.prefixField} ${JSON.stringify(state[secret.prefixField])}, ` +
    `last written ${JSON.stringify(state[prefixAtLastWriteField(secret)])}]`;
}

/**
 * True for a marker. It reaches `diff` or `update` as a desired value only through
 * `ignoreChanges` on the secret; then the secret is left as it is remotely.
 */
export function isOutsideChangeMarker(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(MARKER_START);
}

export type ChangeReason = "program" | "outside" | "unknown";

export interface PropertyChange {
  property: string;
  /** program: the program asks for something else; outside: changed behind Pulumi's back. */
  reason: ChangeReason;
}

/**
 * Every property whose desired value (`news`, checked inputs) differs from the recorded one
 * (`olds`, the state). A value unknown during preview is a change.
 */
export function propertyChanges(spec: CarrierSpec, olds: Record<string, unknown>, news: Record<string, unknown>): PropertyChange[] {
  const changes: PropertyChange[] = [];
  const compare = (property: string, kind: FieldKind) => {
    const desired = news[property];
    if (containsUnknown(desired)) changes.push({ property, reason: "unknown" });
    else if (!sameValue(kind, olds[property], desired)) changes.push({ property, reason: "program" });
  };
  for (const [property, kind] of Object.entries(spec.fields)) compare(property, kind);
  for (const secret of spec.secrets) {
    if (isOutsideChangeMarker(news[secret.field])) continue;
    const before = changes.length;
    compare(secret.field, "value");
    if (changes.length === before && changedOutside(secret, olds)) changes.push({ property: secret.field, reason: "outside" });
  }
  for (const property of CONNECTION_FIELDS) compare(property, "value");
  return changes;
}

function lowered(values: unknown[]): unknown[] {
  return values.map((v) => (typeof v === "string" ? v.toLowerCase() : v));
}

/** JSON with object keys sorted, so key order never counts as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  ) ?? "undefined";
}
