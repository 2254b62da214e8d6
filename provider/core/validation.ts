/**
 * Input validation shared by every carrier: zod issues become Pulumi check failures that name
 * their property, and values unknown during preview are never a failure.
 */
import { z } from "zod";
import { propertyPath, type PathSegment } from "./property-path";

/** How Pulumi's dynamic-provider process spells a value not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** A schema that also accepts the unknown sentinel in place of the whole value. */
export function unknownOr<T extends z.ZodType>(schema: T) {
  return z.union([z.literal(UNKNOWN), schema]);
}

/** A readable type name for messages; never the value itself. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/** A zod error map: "is required" or "must be <what>, got <type>". */
export function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}, got ${typeName(issue.input)}`),
  };
}

/** Quote a non-secret value for a message, shortened. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOT_PATH = /^[^.\s]+(?:\.[^.\s]+)*$/;

export const uuid = z.string(expected("a UUID string")).refine((v) => isUnknown(v) || UUID.test(v), {
  error: (issue) => `must be a UUID such as 3c90c3cc-0d44-4b50-8888-8dd25736052a, got ${show(issue.input)}`,
});

export const dotPath = z.string(expected("a dot-separated path")).refine((v) => isUnknown(v) || DOT_PATH.test(v), {
  error: (issue) =>
    issue.input === "" ? "must not be empty" : `must be a dot-separated path such as user.phone_number (no empty parts, no spaces), got ${show(issue.input)}`,
});

export const nonEmptyString = z.string(expected("a string")).min(1, { error: "must not be empty" });

/**
 * An id or a credential as pasted: not blank, and no whitespace around it (the newline that
 * `$(cat token.txt)` leaves would otherwise be sent). The message never quotes the value.
 */
export const trimmedString = nonEmptyString
  .refine((v) => v.trim() !== "", { error: "must not be only whitespace" })
  .refine((v) => v.trim() === "" || v.trim() === v, { error: "must not start or end with whitespace (a newline left by reading a file?)" });

/**
 * Turns zod issues into check failures. Pulumi prints `property <p> value <v> has a problem`,
 * taking <v> from the top-level input the failure names. So a failure about an input whose value
 * must never be printed (a secret, a URL that may hold a password) when it holds a value, or about
 * an unknown property (whose value could be anything, a misspelt token included), names the
 * property in its reason only.
 */
export function toCheckFailures(
  issues: readonly z.core.$ZodIssue[],
  context: { input: Record<string, unknown>; unprintable: ReadonlySet<string>; knownProperties: readonly string[] },
): CheckFailure[] {
  const { input, unprintable, knownProperties } = context;
  const failures: CheckFailure[] = [];
  const add = (path: readonly PathSegment[], reason: string) => {
    const property = propertyPath(path);
    const top = path[0];
    const value = typeof top === "string" ? input[top] : undefined;
    const unknownProperty = typeof top === "string" && !knownProperties.includes(top);
    if (unknownProperty || (typeof top === "string" && unprintable.has(top) && typeof value === "string" && value !== "")) {
      failures.push({ property: "", reason: `${property} ${reason}` });
    } else {
      failures.push({ property, reason: `${property} ${reason}` });
    }
  };
  const visit = (issue: z.core.$ZodIssue, base: readonly PathSegment[]) => {
    const path = [...base, ...(issue.path as PathSegment[])];
    if (issue.code === "invalid_union") {
      // unknownOr(x): report what `x` said, not that the value is not the unknown sentinel.
      const branches = issue.errors.filter((branch) => !branch.every((i) => i.code === "invalid_value" && i.values.includes(UNKNOWN)));
      for (const inner of branches[0] ?? []) visit(inner, path);
      return;
    }
    if (issue.code === "invalid_key") {
      // A bad key of a map: say what is wrong with the key, at the key's path.
      for (const inner of issue.issues) add(path, `key ${show(path[path.length - 1])} ${inner.message}`);
      return;
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...path, key], `is not a known property (known: ${knownProperties.join(", ")})`);
      return;
    }
    add(path, issue.message);
  };
  for (const issue of issues) visit(issue, []);
  return failures;
}
