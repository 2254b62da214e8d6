/**
 * Inputs checked by zod schemas, and what Pulumi is told about what is wrong.
 *
 *  - zod's issues become issues at the program's property paths (`callTemplate.selectedTools[1].toolName`)
 *    with messages as a person would write them: a misspelt field is named with the known ones, a
 *    wrong type names the type expected and the one given, a limit names itself and the value.
 *  - A value not known yet (during preview) passes wherever it appears: an issue at or inside one is dropped.
 *  - A message quotes a value only where it is not sensitive: never a secret input's, never one at
 *    a credential place (an issue marked `sensitive`), and Pulumi's own printing of the input's value
 *    is avoided for those (toCheckFailures).
 */
import type * as z from "zod/mini";
import { propertyPath, type PathSegment } from "./property-path";
import { isUnknown } from "./values";

export interface Issue {
  path: PathSegment[];
  message: string;
  /** The value may be a credential: the failure names the property in its reason only, and quotes nothing. */
  sensitive?: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Quote a non-secret value for a message, shortened. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** A readable type name for messages; never the value itself. */
function typeName(value: unknown): string {
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

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "a list",
};

/** How a pattern is named in a message: by what it means, where a source alone would not say. */
const PATTERN_NAMES: Readonly<Record<string, string>> = {
  "/^-?(?:0|[1-9][0-9]{0,11})(?:\\.[0-9]{1,9})?s$/": 'a duration in seconds such as "30s" or "0.384s"',
};

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  uuid: "a UUID such as 3c90c3cc-0d44-4b50-8888-8dd25736052a",
  guid: "a UUID such as 3c90c3cc-0d44-4b50-8888-8dd25736052a",
  datetime: 'an ISO 8601 date and time such as "2026-12-31T23:59:59Z"',
  date: 'a date such as "2026-12-31"',
  url: "a URL",
  email: "an email address",
  ipv4: "an IPv4 address",
};

/** The value at `path` inside `root`, and whether any value on the way was unknown. */
function walk(root: unknown, path: readonly PathSegment[]): { value: unknown; unknown: boolean } {
  let value = root;
  for (const segment of path) {
    if (isUnknown(value)) return { value, unknown: true };
    value = (value as Record<string | number, unknown> | undefined)?.[segment];
  }
  return { value, unknown: isUnknown(value) };
}

/** The schema inside optional, nullable, readonly and pipe wrappers. */
function unwrap(schema: z.ZodMiniType | undefined): z.ZodMiniType | undefined {
  let current = schema;
  for (let def = current?._zod.def as { innerType?: z.ZodMiniType; in?: z.ZodMiniType } | undefined; def?.innerType || def?.in;) {
    current = def.innerType ?? def.in;
    def = current?._zod.def as typeof def;
  }
  return current;
}

/** The schema at `path` below `schema`, through objects, lists and records (unwrapped); undefined past a free-form value. */
export function schemaAt(schema: z.ZodMiniType, path: readonly PathSegment[]): z.ZodMiniType | undefined {
  let node: z.ZodMiniType | undefined = schema;
  for (const segment of path) {
    const def = unwrap(node)?._zod.def as
      { type?: string; shape?: Record<string, z.ZodMiniType>; element?: z.ZodMiniType; valueType?: z.ZodMiniType } | undefined;
    if (def?.type === "object") node = def.shape?.[segment];
    else if (def?.type === "array") node = def.element;
    else if (def?.type === "record") node = def.valueType;
    else return undefined;
  }
  return unwrap(node);
}

/** The object schema's fields at `path`, for "known:" lists. */
function knownFields(schema: z.ZodMiniType, path: readonly PathSegment[]): string[] {
  const node = schemaAt(schema, path);
  const def = node?._zod.def as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

/** A zod issue (core type: mini's schemas raise the same ones), as fields this module reads. */
interface ZodIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  values?: unknown[];
  format?: string;
  pattern?: string;
  keys?: string[];
  params?: { maxLength?: number; minLength?: number; sensitive?: boolean };
  /** For an invalid key of a record: what is wrong with it. */
  issues?: ZodIssue[];
}

/**
 * The issue's message, from what zod found and the value at its path. `quiet`: the value is never
 * quoted; `sensitive`: nor is anything of it (a record's key).
 */
function describe(issue: ZodIssue, value: unknown, quiet: boolean, sensitive = quiet): string {
  const got = quiet ? "" : `, got ${show(value)}`;
  switch (issue.code) {
    case "invalid_type": {
      if (value === undefined) return "is required";
      const expected = EXPECTED[issue.expected ?? ""] ?? `a ${issue.expected}`;
      return `must be ${expected}, got ${typeName(value)}${issue.expected === "int" && typeof value === "number" ? got : ""}`;
    }
    case "too_big":
      return issue.origin === "array"
        ? `may hold at most ${issue.maximum} items, got ${(value as unknown[]).length}`
        : `must be at most ${issue.maximum}${issue.origin === "number" && issue.message.includes("int32") ? " (a 32-bit integer)" : ""}${got}`;
    case "too_small":
      return issue.origin === "array" ? `must hold at least ${issue.minimum} items` : `must be at least ${issue.minimum}${got}`;
    case "invalid_value":
      return `must be one of ${(issue.values ?? []).map(String).join(", ")}${got}`;
    case "invalid_format": {
      const what =
        (issue.format === "regex" ? PATTERN_NAMES[issue.pattern ?? ""] : FORMAT_NAMES[issue.format ?? ""]) ??
        `of the form ${issue.pattern}`;
      return `must be ${what}${got}`;
    }
    case "custom": {
      const { maxLength, minLength } = issue.params ?? {};
      const [unit, length] = Array.isArray(value) ? ["items", value.length] : ["characters", [...String(value)].length];
      if (maxLength !== undefined) return `${unit === "items" ? "may hold" : "must be"} at most ${maxLength} ${unit}, got ${length}`;
      if (minLength !== undefined) return minLength === 1 ? "must not be empty" : `must be at least ${minLength} ${unit}, got ${length}`;
      return issue.message;
    }
    case "invalid_key": {
      // The path ends with the key; the issues are the key's.
      const key = issue.path[issue.path.length - 1];
      return `key ${sensitive ? "" : `${show(key)} `}${(issue.issues ?? []).map((inner) => describe(inner, key, quiet)).join("; ")}`;
    }
    default:
      return `is not valid (${issue.code})`;
  }
}

/**
 * What is wrong with `value` by `schema`, as issues at property paths. `isSensitive` tells which
 * paths hold credentials (their issues are marked sensitive); `isSecret` which hold secrets. At
 * either, a message never quotes the value.
 */
export function issuesOf(
  schema: z.ZodMiniType,
  value: unknown,
  isSensitive: (path: PathSegment[]) => boolean = () => false,
  isSecret: (path: PathSegment[]) => boolean = () => false,
): Issue[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  const issues: Issue[] = [];
  for (const issue of result.error.issues as unknown as ZodIssue[]) {
    const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
    if (issue.code === "unrecognized_keys") {
      const known = knownFields(schema, path);
      for (const key of issue.keys ?? []) {
        issues.push({ path: [...path, key], message: `is not a known property (known: ${known.join(", ")})`, sensitive: true });
      }
      continue;
    }
    const at = walk(value, path);
    if (at.unknown) continue;
    const sensitive = issue.params?.sensitive === true || isSensitive(path);
    issues.push({ path, message: describe(issue, at.value, sensitive || isSecret(path), sensitive), ...(sensitive ? { sensitive } : {}) });
  }
  return issues;
}

/**
 * Turns issues into check failures. Pulumi prints `property <p> value <v> has a problem`, taking
 * <v> from the top-level input the failure names. So a failure about an input whose value must
 * never be printed (a secret, a URL that may hold a password) when it holds a value, about a
 * sensitive place, or about an unknown property (whose value could be anything, a misspelt token
 * included), names the property in its reason only.
 */
export function toCheckFailures(
  issues: readonly Issue[],
  context: { input: Record<string, unknown>; unprintable: ReadonlySet<string> },
): CheckFailure[] {
  const { input, unprintable } = context;
  return issues.map(({ path, message, sensitive }) => {
    const property = propertyPath(path);
    const top = path[0];
    const value = typeof top === "string" ? input[top] : undefined;
    const hidden = sensitive === true || (typeof top === "string" && unprintable.has(top) && value !== undefined && value !== "");
    return { property: hidden ? "" : property, reason: `${property} ${message}` };
  });
}
