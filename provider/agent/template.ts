/**
 * The call-template rules of the Agent resource, in one place:
 *  - equivalence: what Ultravox gives back for what it was sent (0.4 as 0.4000000059604645,
 *    "30s" as "30.000s", an absent field for false, 0, "" or an empty list or object) is no change;
 *  - projection: a refresh compares only the fields the program sets, so server defaults
 *    (model, timeouts, timestamps) never show as changes;
 *  - removal: a field the program no longer sets is sent as null, so Ultravox returns it to its
 *    default whatever its PATCH merges;
 *  - credentials: every place the API takes a credential (CREDENTIAL_PLACES: a tool's `authTokens`,
 *    every header, the SIP password, ...) holds a secret reference (`[secret:<name>]`, from
 *    `secretRef`) in the template, which stays readable in a preview; the values come from the
 *    Agent's secret `secretValues` on write, and never enter the state in clear.
 */
import { isPlainObject } from "../core/validate";

type Props = Record<string, unknown>;
type Path = (string | number)[];

// --- equivalence ---------------------------------------------------------------------------------

const DURATION = /^(-?)(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,9}))?s$/;

/** A duration in nanoseconds ("30s", "30.000s" and "30.0s" alike), or undefined. */
export function durationNanos(value: string): bigint | undefined {
  const match = DURATION.exec(value);
  if (!match) return undefined;
  const nanos = BigInt(match[2]) * 1_000_000_000n + BigInt((match[3] ?? "").padEnd(9, "0"));
  return match[1] === "-" ? -nanos : nanos;
}

/** Absent, or the value a field takes when it is not set: an absent field is no different. */
function isDefaultish(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.values(value).every(isDefaultish);
}

/** True when Ultravox holds the same thing under both spellings. */
export function equivalent(a: unknown, b: unknown): boolean {
  if (isDefaultish(a) && isDefaultish(b)) return true;
  if (typeof a === "number" && typeof b === "number") return a === b || Math.fround(a) === Math.fround(b);
  if (typeof a === "string" && typeof b === "string") {
    if (a === b) return true;
    const [x, y] = [durationNanos(a), durationNanos(b)];
    return x !== undefined && x === y;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equivalent(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b))
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => equivalent(a[k], b[k]));
  return a === b;
}

// --- projection and refresh ----------------------------------------------------------------------

/** Ultravox's values at the paths `shape` sets: objects key by key, lists element by element. */
export function project(shape: unknown, remote: unknown): unknown {
  if (isPlainObject(shape) && isPlainObject(remote)) {
    return Object.fromEntries(
      Object.keys(shape)
        .filter((k) => remote[k] !== undefined)
        .map((k) => [k, project(shape[k], remote[k])]),
    );
  }
  if (Array.isArray(shape) && Array.isArray(remote)) {
    return (remote as unknown[]).map((element, i) => (i < shape.length ? project(shape[i], element) : element));
  }
  return remote;
}

/**
 * The template a refresh records: `recorded` where Ultravox holds the equivalent, Ultravox's value
 * where it differs (undefined: Ultravox holds the field's default).
 */
export function refreshed(recorded: unknown, remote: unknown): unknown {
  if (equivalent(recorded, remote)) return recorded;
  if (isPlainObject(recorded) && isPlainObject(remote)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(remote)])];
    return Object.fromEntries(keys.map((k) => [k, refreshed(recorded[k], remote[k])]).filter(([, v]) => v !== undefined));
  }
  if (Array.isArray(recorded) && Array.isArray(remote) && recorded.length === remote.length) {
    return remote.map((element, i) => refreshed(recorded[i], element));
  }
  return remote;
}

// --- removal -------------------------------------------------------------------------------------

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
export function removedPaths(removed: Props, at: Path = []): Path[] {
  return Object.entries(removed).flatMap(([key, value]) =>
    value === null ? [[...at, key]] : isPlainObject(value) ? removedPaths(value, [...at, key]) : [],
  );
}

export function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value;
}

// --- credentials ---------------------------------------------------------------------------------

/**
 * A place in a call template where the API takes a credential (a password, a token, a key, a
 * header value). The path names properties, with "*" for every key of an object and "[]" for every
 * element of a list.
 */
export interface CredentialPlace {
  path: readonly string[];
  /**
   * Whether a value in clear is refused there (it would be stored and shown in clear), given the
   * object holding the value; where it is not, a reference is accepted and so is a plain value.
   */
  referenceRequired: (holder: Props) => boolean;
}

const always = () => true;

/**
 * Every credential place of Ultravox's call template, read from its API document
 * (openapi/ultravox-openapi.yaml): the one list that validation (schema.ts), `resolveCredentials`,
 * `maskCredentials` and `referencedNames` follow. A reference anywhere else is refused.
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

/** The credential places as a message names them: `selectedTools[].authTokens.*`. */
export function describePlace(place: CredentialPlace): string {
  return place.path.reduce((text, segment) => (segment === "[]" ? `${text}[]` : text === "" ? segment : `${text}.${segment}`), "");
}

/** The credential place `path` (from the template's root) is, if any. */
export function credentialPlaceAt(path: Path): CredentialPlace | undefined {
  return CREDENTIAL_PLACES.find(
    ({ path: pattern }) =>
      pattern.length === path.length &&
      pattern.every((segment, i) =>
        segment === "[]" ? typeof path[i] === "number" : segment === "*" ? typeof path[i] === "string" : segment === path[i],
      ),
  );
}

/** A value the program set at a place, or any other leaf of a template (`place` undefined). */
export type TemplateVisit = (value: unknown, path: Path, place: CredentialPlace | undefined, holder: Props) => unknown;

/**
 * A copy of `template` where each value at a credential place, and each other leaf, is what `visit`
 * answers for it; `holder` is the object or list the value sits in.
 */
export function mapTemplate(template: unknown, visit: TemplateVisit): unknown {
  const walk = (value: unknown, path: Path, holder: Props): unknown => {
    if (value === undefined || value === null) return value;
    const place = credentialPlaceAt(path);
    if (place) return visit(value, path, place, holder);
    if (Array.isArray(value)) return value.map((element, i) => walk(element, [...path, i], value as unknown as Props));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], value)]));
    return visit(value, path, undefined, holder);
  };
  return walk(template, [], {});
}

/** What a reference's name may hold, and how a message says it. */
const NAME_CHARACTERS = "[A-Za-z0-9_.-]+";
const NAME = new RegExp(`^${NAME_CHARACTERS}$`);
export const NAME_RULE = 'a name is letters, digits, "_", "." and "-"';

const REFERENCE = new RegExp(`^\\[secret:(${NAME_CHARACTERS})(, changed outside Pulumi)?\\]$`);
/** A string meant as a reference, well formed or not. */
const REFERENCE_LIKE = /^\[secret:.*\]$/s;

/** True when `name` may name a secret reference. */
export function isReferenceName(name: string): boolean {
  return NAME.test(name);
}

/**
 * The placeholder a call template holds for a credential, `[secret:<name>]`: the value is
 * `secretValues[name]` of the same Agent, put in only in the request to Ultravox.
 * @param name the key of the value in the Agent's `secretValues`: letters, digits, "_", "." and "-".
 * @throws TypeError for any other name (a secret value given by mistake is never quoted).
 */
export function secretRef(name: string): string {
  if (typeof name !== "string" || !isReferenceName(name)) {
    const got = typeof name === "string" ? "a string with other characters" : `${typeof name} (a Pulumi Output?), not a plain string`;
    throw new TypeError(`ultravox.secretRef(name): ${NAME_RULE}; got ${got}. The value itself goes in the Agent's secretValues.`);
  }
  return `[secret:${name}]`;
}

/** The name a reference points at, or undefined when `value` is not one. */
export function referenceName(value: unknown): string | undefined {
  return typeof value === "string" ? REFERENCE.exec(value)?.[1] : undefined;
}

/** True for a string written as a reference, `[secret:...]`, whether or not its name is valid. */
export function looksLikeReference(value: unknown): boolean {
  return typeof value === "string" && REFERENCE_LIKE.test(value);
}

/** Calls `visit` on each value at a credential place of a template, the rest kept as it is. */
function mapCredentials(template: unknown, visit: (value: unknown, path: Path, place: CredentialPlace, holder: Props) => unknown): unknown {
  return mapTemplate(template, (value, path, place, holder) => (place ? visit(value, path, place, holder) : value));
}

/** Every secret reference a template makes, by name. */
export function referencedNames(template: unknown): string[] {
  const names: string[] = [];
  mapCredentials(template, (value) => {
    const name = referenceName(value);
    if (name) names.push(name);
    return value;
  });
  return names;
}

/** The template with each reference replaced by its value: what is sent. */
export function resolveCredentials(template: unknown, secretValues: Readonly<Record<string, string>>): unknown {
  return mapCredentials(template, (value) => {
    const name = referenceName(value);
    return name !== undefined && name in secretValues ? secretValues[name] : value;
  });
}

/**
 * A template Ultravox answered with, made safe for the state: each credential becomes the
 * reference whose value it is, or (a value set outside Pulumi) the reference the program made
 * there marked as changed, or `[secret]`. A plain value is kept only where the API allows one and
 * the program itself wrote that value there. No credential value is kept.
 */
export function maskCredentials(remote: unknown, recorded: unknown, secretValues: Readonly<Record<string, string>>): unknown {
  return mapCredentials(remote, (value, path, place, holder) => {
    const written = valueAt(recorded, path);
    const expected = referenceName(written);
    if (expected !== undefined)
      return secretValues[expected] === value ? secretRef(expected) : `[secret:${expected}, changed outside Pulumi]`;
    if (!place.referenceRequired(holder) && written !== undefined && equivalent(written, value)) return value;
    const named = Object.entries(secretValues).find(([, v]) => v === value)?.[0];
    return named !== undefined ? secretRef(named) : "[secret]";
  });
}
