/**
 * The call template's own rules, in one place:
 *  - its credential places (CREDENTIAL_PLACES): every place the API takes a credential, where the
 *    template holds a secret reference (core/references.ts);
 *  - removal: a field the program no longer sets is sent as null, so Ultravox returns it to its
 *    default whatever its PATCH merges; where a PATCH ignores null, the field is sent at its proto3
 *    default (`clearingValue`), which Ultravox holds as not set.
 */
import type * as z from "zod/mini";
import { schemaAt } from "../core/check";
import { equivalent, valueAt } from "../core/compare";
import { always, type CredentialPlace } from "../core/references";
import { isPlainObject } from "../core/values";

type Props = Record<string, unknown>;
type Path = (string | number)[];

/**
 * Every credential place of Ultravox's call template, read from its API document: the one list
 * that validation, the request (references resolved) and the state (references kept) follow. A
 * reference anywhere else is refused.
 */
export const CREDENTIAL_PLACES: readonly CredentialPlace[] = [
  // SelectedTool.authTokens: the tokens that satisfy a tool's security requirements.
  { path: ["selectedTools", "[]", "authTokens", "*"], referenceRequired: always },
  // SelectedTool.parameterOverrides: a tool's parameter, which may be a header or a query API key.
  { path: ["selectedTools", "[]", "parameterOverrides", "*"], referenceRequired: () => false },
  // StaticParameter.value: a header always takes a reference; a query or body value (an API key?) may.
  {
    path: ["selectedTools", "[]", "temporaryTool", "staticParameters", "[]", "value"],
    referenceRequired: (parameter) => parameter.location === "PARAMETER_LOCATION_HEADER",
  },
  // DataConnectionConfig.headers, GenericVoice.headers (as the voice, and as overrides of it).
  { path: ["dataConnection", "headers", "*"], referenceRequired: always },
  { path: ["externalVoice", "generic", "headers", "*"], referenceRequired: always },
  { path: ["voiceOverrides", "generic", "headers", "*"], referenceRequired: always },
  // SipMedium.SipOutgoing.password.
  { path: ["medium", "sip", "outgoing", "password"], referenceRequired: always },
];

/** null at every field `before` sets and `after` does not (through nested objects; lists are whole). */
export function removals(before: unknown, after: unknown): Props {
  if (!isPlainObject(before)) return {};
  const target = isPlainObject(after) ? after : {};
  const out: Props = {};
  for (const [key, value] of Object.entries(before)) {
    if (target[key] === undefined) out[key] = null;
    else if (isPlainObject(value) && isPlainObject(target[key])) {
      const inner = removals(value, target[key]);
      if (Object.keys(inner).length > 0) out[key] = inner;
    }
  }
  return out;
}

/** `patch` (removals) laid over `base`: nested objects merged. */
export function overlay(base: Props, patch: Props): Props {
  const out: Props = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isPlainObject(value) && isPlainObject(base[key]) ? overlay(base[key], value) : value;
  }
  return out;
}

/** The paths of the nulls in `removed`. */
function removedPaths(removed: Props, at: Path = []): Path[] {
  return Object.entries(removed).flatMap(([key, value]) =>
    value === null ? [[...at, key]] : isPlainObject(value) ? removedPaths(value, [...at, key]) : [],
  );
}

/** The fields the program stopped setting whose old value Ultravox's answer still holds. */
export function keptRemovedFields(before: unknown, after: unknown, answer: unknown): Path[] {
  return removedPaths(removals(before, after)).filter((path) => {
    const old = valueAt(before, path);
    return !equivalent(old, undefined) && equivalent(valueAt(answer, path), old);
  });
}

/**
 * The value that clears the template's field at `path` where a PATCH ignores null: its proto3
 * default, which Ultravox holds as "not set" (an enum's first value, "", 0, false, an empty list).
 * Undefined for a field without one (a duration or a timestamp, a nested message, a map): sending
 * any value there would set it, not clear it.
 */
export function clearingValue(template: z.ZodMiniType, path: readonly (string | number)[]): { value: unknown } | undefined {
  const def = schemaAt(template, path)?._zod.def as
    { type: string; entries?: Record<string, string>; format?: string; checks?: { _zod: { def: { format?: string } } }[] } | undefined;
  switch (def?.type) {
    case "enum":
      return { value: Object.values(def.entries ?? {})[0] };
    case "string": {
      // A duration is a string with a pattern, a timestamp one with a format: messages in proto3.
      const formatted = def.format !== undefined || (def.checks ?? []).some((check) => check._zod.def.format !== undefined);
      return formatted ? undefined : { value: "" };
    }
    case "number":
    case "int":
      return { value: 0 };
    case "boolean":
      return { value: false };
    case "array":
      return { value: [] };
    default:
      return undefined;
  }
}
