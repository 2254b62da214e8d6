/**
 * What a carrier (Plivo now; Twilio and Telnyx later) contributes to the shared core: its path,
 * its fields and how each compares, which inputs are write-only secrets, and its schemas.
 * Everything else (client, errors, redaction, drift rule, serialization) is shared.
 */
import type { z } from "zod";

/**
 * How a field compares in `diff`:
 *  - value: strict equality;
 *  - set: a list whose order and letter case do not matter (agent ids);
 *  - map: an object of strings whose key order does not matter.
 */
export type FieldKind = "value" | "set" | "map";

/** A secret the API accepts but never returns; it reports a prefix of it instead. */
export interface WriteOnlySecret {
  /** The input (and secret output) holding the value, e.g. `authToken`. */
  field: string;
  /** The output holding the prefix the API reports, e.g. `authTokenPrefix`. */
  prefixField: string;
}

/** A config as the API returned it, after validation. */
export interface RemoteConfig {
  /** The carrier's non-secret fields, normalized like checked inputs. */
  fields: Record<string, unknown>;
  /** Reported prefixes, keyed by `WriteOnlySecret.prefixField`; undefined when none was reported. */
  prefixes: Record<string, string | undefined>;
}

export interface CarrierSpec {
  /** Path segment (`/api/telephony_configs/<name>`) and the resource's id. */
  name: string;
  /** The resource class name, for messages. */
  resourceName: string;
  /** Non-secret config fields and how each compares; also the order they are sent and shown. */
  fields: Readonly<Record<string, FieldKind>>;
  secrets: readonly WriteOnlySecret[];
  /** zod shape of the carrier's own inputs (the core adds `apiKey` and `baseUrl`). */
  inputShape(): z.ZodRawShape;
  /** Rules across fields, run when every field is individually valid. Unknown values must pass. */
  refine?(value: Record<string, unknown>, ctx: z.RefinementCtx): void;
  /** Canonical form of valid inputs (defaults filled, ids lower-cased) so diffs are stable. */
  normalize(value: Record<string, unknown>): Record<string, unknown>;
  /** Schema of a config as the API returns it. */
  responseSchema(): z.ZodType<RemoteConfig>;
}
