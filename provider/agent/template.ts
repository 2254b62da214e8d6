/**
 * The call-template rules of the Agent resource, in one place:
 *  - equivalence: what Ultravox gives back for what it was sent (0.4 as 0.4000000059604645,
 *    "30s" as "30.000s", an absent field for false, 0, "" or an empty list or object) is no change;
 *  - projection: a refresh compares only the fields the program sets, so server defaults
 *    (model, timeouts, timestamps) never show as changes;
 *  - removal: a field the program no longer sets is sent as null, so Ultravox returns it to its
 *    default whatever its PATCH merges;
 *  - credentials: a tool's `authTokens` and the data connection's `headers` hold secret references
 *    (`[secret:<name>]`, from `secretRef`) in the template, which stays readable in a preview; the
 *    values come from the Agent's secret `secretValues` on write, and never enter the state in clear.
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

const REFERENCE = /^\[secret:([A-Za-z0-9_.-]+)(, changed outside Pulumi)?\]$/;

/** The placeholder a template holds for the credential `secretValues[name]`. */
export function secretRef(name: string): string {
  return `[secret:${name}]`;
}

/** The name a reference points at, or undefined when `value` is not one. */
export function referenceName(value: unknown): string | undefined {
  return typeof value === "string" ? REFERENCE.exec(value)?.[1] : undefined;
}

/** Calls `visit` on each credential of a template: every `selectedTools[i].authTokens` and `dataConnection.headers` value. */
function eachCredential(template: unknown, visit: (path: Path, value: unknown) => unknown): unknown {
  if (!isPlainObject(template)) return template;
  const out: Props = { ...template };
  const mapAt = (holder: Props, key: string, path: Path) => {
    const values = holder[key];
    if (isPlainObject(values)) holder[key] = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, visit([...path, key, k], v)]));
  };
  if (Array.isArray(out.selectedTools)) {
    out.selectedTools = out.selectedTools.map((tool: unknown, i) => {
      if (!isPlainObject(tool)) return tool;
      const copy = { ...tool };
      mapAt(copy, "authTokens", ["selectedTools", i]);
      return copy;
    });
  }
  if (isPlainObject(out.dataConnection)) {
    const copy = { ...out.dataConnection };
    mapAt(copy, "headers", ["dataConnection"]);
    out.dataConnection = copy;
  }
  return out;
}

/** Every secret reference a template makes, by name. */
export function referencedNames(template: unknown): string[] {
  const names: string[] = [];
  eachCredential(template, (_path, value) => {
    const name = referenceName(value);
    if (name) names.push(name);
    return value;
  });
  return names;
}

/** The template with each reference replaced by its value: what is sent. */
export function resolveCredentials(template: unknown, secretValues: Readonly<Record<string, string>>): unknown {
  return eachCredential(template, (_path, value) => {
    const name = referenceName(value);
    return name !== undefined && name in secretValues ? secretValues[name] : value;
  });
}

/**
 * A template Ultravox answered with, made safe for the state: each credential becomes the
 * reference whose value it is, or (a value set outside Pulumi) the reference the program made
 * there marked as changed, or `[secret]`. No credential value is kept.
 */
export function maskCredentials(remote: unknown, recorded: unknown, secretValues: Readonly<Record<string, string>>): unknown {
  return eachCredential(remote, (path, value) => {
    const expected = referenceName(valueAt(recorded, path));
    if (expected !== undefined && secretValues[expected] === value) return secretRef(expected);
    if (expected !== undefined) return `[secret:${expected}, changed outside Pulumi]`;
    const named = Object.entries(secretValues).find(([, v]) => v === value)?.[0];
    return named !== undefined ? secretRef(named) : "[secret]";
  });
}
