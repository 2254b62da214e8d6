/**
 * Input and answer validation: small validators that are plain functions, so nothing is loaded or
 * built before a resource is first checked, and a Pulumi provider process answers its first Check
 * as fast as a trivial one. (A schema library was measured at 40-100 ms of load time here.)
 *
 * A validator reports issues at property paths; `toCheckFailures` turns them into Pulumi check
 * failures. Every validator lets the value Pulumi sends for "not known yet" (during preview) pass,
 * wherever it appears.
 */
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
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export interface Issue {
  path: PathSegment[];
  message: string;
  /** The value may be a credential: the failure names the property in its reason only. */
  sensitive?: boolean;
}

/** Checks `value` (found at `path`), adding what is wrong with it to `issues`. */
export type Validator = (value: unknown, path: PathSegment[], issues: Issue[]) => void;

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

/** Quote a non-secret value for a message, shortened. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function wrongType(what: string, value: unknown): string {
  return value === undefined ? "is required" : `must be ${what}, got ${typeName(value)}`;
}

export interface StringRules {
  /** How the expected value is named in "must be <what>": default "a string". */
  what?: string;
  /** Refuse "" (default true). */
  nonEmpty?: boolean;
  /** Refuse blank values and whitespace around the value (ids and credentials as pasted). */
  trimmed?: boolean;
  maxLength?: number;
  /** A rule on the whole value: returns what is wrong, or undefined. Never quote a secret here. */
  rule?: (value: string) => string | undefined;
}

export function string(rules: StringRules = {}): Validator {
  const { what = "a string", nonEmpty = true, trimmed = false, maxLength, rule } = rules;
  return (value, path, issues) => {
    if (isUnknown(value)) return;
    if (typeof value !== "string") return void issues.push({ path, message: wrongType(what, value) });
    let message: string | undefined;
    if (nonEmpty && value === "") message = "must not be empty";
    else if (trimmed && value.trim() === "") message = "must not be only whitespace";
    else if (trimmed && value.trim() !== value) message = "must not start or end with whitespace (a newline left by reading a file?)";
    else if (maxLength !== undefined && value.length > maxLength) message = `must be at most ${maxLength} characters, got ${value.length}`;
    else message = rule?.(value);
    if (message) issues.push({ path, message });
  };
}

export function boolean(): Validator {
  return (value, path, issues) => {
    if (!isUnknown(value) && typeof value !== "boolean") issues.push({ path, message: wrongType("true or false", value) });
  };
}

export function number(rules: { min?: number; max?: number; integer?: boolean } = {}): Validator {
  const { min, max, integer = false } = rules;
  const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : "";
  const what = `${integer ? "a whole number" : "a number"}${range}`;
  return (value, path, issues) => {
    if (isUnknown(value)) return;
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value)) &&
      (min === undefined || value >= min) &&
      (max === undefined || value <= max);
    if (!ok) issues.push({ path, message: typeof value === "number" ? `must be ${what}, got ${show(value)}` : wrongType(what, value) });
  };
}

/** One of a fixed set of strings. */
export function oneOf(values: readonly string[]): Validator {
  return (value, path, issues) => {
    if (isUnknown(value)) return;
    if (typeof value !== "string") return void issues.push({ path, message: wrongType("a string", value) });
    if (!values.includes(value)) issues.push({ path, message: `must be one of ${values.join(", ")}, got ${show(value)}` });
  };
}

/** Any JSON value (the API takes it as it is). */
export function anything(): Validator {
  return () => undefined;
}

export function list(item: Validator, rules: { what?: string; maxItems?: number; itemsName?: string } = {}): Validator {
  const { what = "a list", maxItems, itemsName = "items" } = rules;
  return (value, path, issues) => {
    if (isUnknown(value)) return;
    if (!Array.isArray(value)) return void issues.push({ path, message: wrongType(what, value) });
    if (maxItems !== undefined && value.length > maxItems) {
      issues.push({ path, message: `may hold at most ${maxItems} ${itemsName}, got ${value.length}` });
    }
    value.forEach((element, i) => item(element, [...path, i], issues));
  };
}

/** An object whose keys are free (each checked by `key`) and whose values are checked by `value`. */
export function map(value: Validator, rules: { what?: string; key?: Validator } = {}): Validator {
  const { what = "an object", key } = rules;
  return (input, path, issues) => {
    if (isUnknown(input)) return;
    if (!isPlainObject(input)) return void issues.push({ path, message: wrongType(what, input) });
    for (const [k, v] of Object.entries(input)) {
      if (key) {
        const keyIssues: Issue[] = [];
        key(k, [...path, k], keyIssues);
        for (const issue of keyIssues) issues.push({ path: issue.path, message: `key ${show(k)} ${issue.message}` });
      }
      value(v, [...path, k], issues);
    }
  };
}

export interface ObjectRules {
  what?: string;
  /** Fields that must be present (and not null). */
  required?: readonly string[];
  /** Refuse fields not in the shape (default true): a misspelt field is caught at preview. */
  strict?: boolean;
}

/**
 * An object of known fields. A field that is absent or null is not set (JavaScript programs write
 * null for "not set"), unless it is required.
 */
export function object(fields: Readonly<Record<string, Validator>>, rules: ObjectRules = {}): Validator {
  const { what = "an object", required = [], strict = true } = rules;
  const known = Object.keys(fields);
  return (value, path, issues) => {
    if (isUnknown(value)) return;
    if (!isPlainObject(value)) return void issues.push({ path, message: wrongType(what, value) });
    for (const [name, validate] of Object.entries(fields)) {
      const field = value[name];
      if (field === undefined || field === null) {
        if (required.includes(name)) issues.push({ path: [...path, name], message: "is required" });
      } else {
        validate(field, [...path, name], issues);
      }
    }
    if (strict) {
      for (const name of Object.keys(value)) {
        if (!known.includes(name)) issues.push({ path: [...path, name], message: `is not a known property (known: ${known.join(", ")})` });
      }
    }
  };
}

/** `base`, then `rule` over the whole value when `base` found nothing wrong. */
export function refine(base: Validator, rule: Validator): Validator {
  return (value, path, issues) => {
    const before = issues.length;
    base(value, path, issues);
    if (issues.length === before && !isUnknown(value)) rule(value, path, issues);
  };
}

/** Every issue `validator` finds in `value`. */
export function validate(validator: Validator, value: unknown): Issue[] {
  const issues: Issue[] = [];
  validator(value, [], issues);
  return issues;
}

/** A copy without null values in objects, at any depth: null means "not set". */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

// --- formats shared by several resources -----------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOT_PATH = /^[^.\s]+(?:\.[^.\s]+)*$/;

export const uuid = string({
  what: "a UUID string",
  rule: (v) => (UUID.test(v) ? undefined : `must be a UUID such as 3c90c3cc-0d44-4b50-8888-8dd25736052a, got ${show(v)}`),
});

export const dotPath = string({
  what: "a dot-separated path",
  rule: (v) =>
    DOT_PATH.test(v) ? undefined : `must be a dot-separated path such as user.phone_number (no empty parts, no spaces), got ${show(v)}`,
});

/** An id or a credential as pasted: not blank, and no whitespace around it. */
export const trimmedString = string({ trimmed: true });

// --- check failures --------------------------------------------------------------------------

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Turns issues into check failures. Pulumi prints `property <p> value <v> has a problem`, taking
 * <v> from the top-level input the failure names. So a failure about an input whose value must
 * never be printed (a secret, a URL that may hold a password) when it holds a value, or about an
 * unknown property (whose value could be anything, a misspelt token included), names the property
 * in its reason only.
 */
export function toCheckFailures(
  issues: readonly Issue[],
  context: { input: Record<string, unknown>; unprintable: ReadonlySet<string>; knownProperties: readonly string[] },
): CheckFailure[] {
  const { input, unprintable, knownProperties } = context;
  return issues.map(({ path, message, sensitive }) => {
    const property = propertyPath(path);
    const top = path[0];
    const value = typeof top === "string" ? input[top] : undefined;
    const hidden =
      sensitive === true ||
      (typeof top === "string" && (!knownProperties.includes(top) || (unprintable.has(top) && value !== undefined && value !== "")));
    return { property: hidden ? "" : property, reason: `${property} ${message}` };
  });
}
