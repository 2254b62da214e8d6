/**
 * Equality for diffs: JSON-like values compared so that the order of an object's keys never counts,
 * and, for a set, neither the order of its elements nor their letter case (agent ids).
 */

/** JSON with object keys sorted, so key order never counts as a difference. */
export function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? "undefined"
  );
}

/** How a field compares: `value` by content; `set` a list whose order and letter case do not matter. */
export type FieldKind = "value" | "set";

export function sameValue(kind: FieldKind, a: unknown, b: unknown): boolean {
  if (kind === "set") return Array.isArray(a) && Array.isArray(b) && canonical(lowered(a).sort()) === canonical(lowered(b).sort());
  return canonical(a) === canonical(b);
}

function lowered(values: unknown[]): unknown[] {
  return values.map((v) => (typeof v === "string" ? v.toLowerCase() : v));
}
