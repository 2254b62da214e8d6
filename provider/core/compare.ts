/**
 * How an input compares with what Ultravox holds, and what a refresh records of it, by kind:
 *
 *  - "whole": the whole value, by content (the order of an object's keys never counts). A field
 *    the program manages entirely: a key added in the console is drift.
 *  - "set": a list whose order and letter case do not matter (agent ids, webhook events).
 *  - "partial": only what the program sets, by Ultravox's equivalences: what Ultravox gives back
 *    for what it was sent (0.4 as 0.4000000059604645, "30s" as "30.000s", an absent field for false,
 *    0, "" or an empty list or object) is no change, and what it fills in (defaults, timestamps)
 *    never shows. A call template, a tool's definition.
 */
import { isPlainObject } from "./values";

export type FieldKind = "whole" | "set" | "partial";

type Props = Record<string, unknown>;

/** JSON with object keys sorted, so key order never counts as a difference. */
export function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? "undefined"
  );
}

/** True when `desired` and what the state records (`recorded`) are the same, by the field's kind. */
export function sameValue(kind: FieldKind, recorded: unknown, desired: unknown): boolean {
  if (kind === "set")
    return Array.isArray(recorded) && Array.isArray(desired) && canonical(lowered(recorded).sort()) === canonical(lowered(desired).sort());
  if (kind === "partial") return equivalent(recorded, desired);
  return canonical(recorded) === canonical(desired);
}

/**
 * What a refresh (or an answer to a write) records of a field: the recorded value where Ultravox
 * holds the same by the field's kind (so a refresh alone never shows a change), Ultravox's where it
 * differs. For "partial", only the paths the recorded value sets are read; without a recorded
 * value (a `get`), Ultravox's whole value.
 */
export function readBack(kind: FieldKind, recorded: unknown, remote: unknown): unknown {
  if (kind === "partial") return recorded === undefined ? remote : refreshed(recorded, project(recorded, remote));
  return recorded !== undefined && sameValue(kind, recorded, remote) ? recorded : remote;
}

function lowered(values: unknown[]): unknown[] {
  return values.map((v) => (typeof v === "string" ? v.toLowerCase() : v));
}

// --- Ultravox's equivalences ---------------------------------------------------------------------

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
 * What a refresh records: `recorded` where Ultravox holds the equivalent, Ultravox's value where it
 * differs (undefined: Ultravox holds the field's default).
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

export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value;
}
