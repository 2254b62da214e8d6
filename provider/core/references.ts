/**
 * Secret references: how an input that must stay readable in a preview (a call template, a tool's
 * definition) holds credentials without holding their values.
 *
 * A resource declares the places of its input where the API takes a credential (a password, a
 * token, a key, a header value). There the program writes `ultravox.secretRef("<name>")` (the
 * string `[secret:<name>]`), and the value goes in the resource's secret `secretValues` under that
 * name; the two are put together only in the request to Ultravox. A reference anywhere else is
 * refused, and so is a value in clear where the API's credential must be a reference. What
 * Ultravox answers at a place is stored as the reference again, never as the value.
 */
import { equivalent, valueAt } from "./compare";
import type { Issue } from "./check";
import { isPlainObject, isUnknown } from "./values";

type Props = Record<string, unknown>;
type Path = (string | number)[];

/**
 * A place where the API takes a credential. The path names properties, with "*" for every key of
 * an object and "[]" for every element of a list.
 */
export interface CredentialPlace {
  path: readonly string[];
  /**
   * Whether a value in clear is refused there (it would be stored and shown in clear), given the
   * object holding the value; where it is not, a reference is accepted and so is a plain value.
   */
  referenceRequired: (holder: Props) => boolean;
}

/** For places where every value is a credential. */
export const always = (): boolean => true;

/** The credential places as a message names them: `selectedTools[].authTokens.*`. */
export function describePlace(place: CredentialPlace): string {
  return place.path.reduce((text, segment) => (segment === "[]" ? `${text}[]` : text === "" ? segment : `${text}.${segment}`), "");
}

/** The place `path` (from the input's root) is among `places`, if any. */
export function placeAt(places: readonly CredentialPlace[], path: Path): CredentialPlace | undefined {
  return places.find(
    ({ path: pattern }) =>
      pattern.length === path.length &&
      pattern.every((segment, i) =>
        segment === "[]" ? typeof path[i] === "number" : segment === "*" ? typeof path[i] === "string" : segment === path[i],
      ),
  );
}

/** True when `path` is at or inside one of `places`. */
export function atOrInsidePlace(places: readonly CredentialPlace[], path: Path): boolean {
  return path.some((_, i) => placeAt(places, path.slice(0, i + 1)) !== undefined);
}

/** A value the program set at a place, or any other leaf of the input (`place` undefined). */
export type Visit = (value: unknown, path: Path, place: CredentialPlace | undefined, holder: Props) => unknown;

/**
 * A copy of `input` where each value at a credential place, and each other leaf, is what `visit`
 * answers for it; `holder` is the object or list the value sits in.
 */
export function mapPlaces(places: readonly CredentialPlace[], input: unknown, visit: Visit): unknown {
  const walk = (value: unknown, path: Path, holder: Props): unknown => {
    if (value === undefined || value === null) return value;
    const place = placeAt(places, path);
    if (place) return visit(value, path, place, holder);
    if (Array.isArray(value)) return value.map((element, i) => walk(element, [...path, i], value as unknown as Props));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], value)]));
    return visit(value, path, undefined, holder);
  };
  return walk(input, [], {});
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
 * The placeholder an input holds for a credential, `[secret:<name>]`: the value is
 * `secretValues[name]` of the same resource, put in only in the request to Ultravox.
 * @param name the key of the value in the resource's `secretValues`: letters, digits, "_", "." and "-".
 * @throws TypeError for any other name (a secret value given by mistake is never quoted).
 */
export function secretRef(name: string): string {
  if (typeof name !== "string" || !isReferenceName(name)) {
    const got = typeof name === "string" ? "a string with other characters" : `${typeof name} (a Pulumi Output?), not a plain string`;
    throw new TypeError(`ultravox.secretRef(name): ${NAME_RULE}; got ${got}. The value itself goes in the resource's secretValues.`);
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

/** Calls `visit` on each value at a credential place, the rest kept as it is. */
function mapCredentials(
  places: readonly CredentialPlace[],
  input: unknown,
  visit: (value: unknown, path: Path, place: CredentialPlace, holder: Props) => unknown,
): unknown {
  return mapPlaces(places, input, (value, path, place, holder) => (place ? visit(value, path, place, holder) : value));
}

/** Every secret reference an input makes, by name. */
export function referencedNames(places: readonly CredentialPlace[], input: unknown): string[] {
  const names: string[] = [];
  mapCredentials(places, input, (value) => {
    const name = referenceName(value);
    if (name) names.push(name);
    return value;
  });
  return names;
}

/** The input with each reference replaced by its value: what is sent. */
export function resolveReferences(
  places: readonly CredentialPlace[],
  input: unknown,
  secretValues: Readonly<Record<string, string>>,
): unknown {
  return mapCredentials(places, input, (value) => {
    const name = referenceName(value);
    return name !== undefined && name in secretValues ? secretValues[name] : value;
  });
}

/**
 * What Ultravox answered, made safe for the state: each credential becomes the reference whose
 * value it is, or (a value set outside Pulumi) the reference the program made there marked as
 * changed, or `[secret]`. A plain value is kept only where the API allows one and the program
 * itself wrote that value there. No credential value is kept.
 */
export function maskCredentials(
  places: readonly CredentialPlace[],
  remote: unknown,
  recorded: unknown,
  secretValues: Readonly<Record<string, string>>,
): unknown {
  return mapCredentials(places, remote, (value, path, place, holder) => {
    const written = valueAt(recorded, path);
    const expected = referenceName(written);
    if (expected !== undefined)
      return secretValues[expected] === value ? secretRef(expected) : `[secret:${expected}, changed outside Pulumi]`;
    if (!place.referenceRequired(holder) && written !== undefined && equivalent(written, value)) return value;
    const named = Object.entries(secretValues).find(([, v]) => v === value)?.[0];
    return named !== undefined ? secretRef(named) : "[secret]";
  });
}

/**
 * The reference rules for an input (at `at`): a credential is a reference (or, where the API allows
 * one, a value in clear), a reference's name is valid, and no other field holds a reference (it
 * would be sent as the text "[secret:...]"). An issue at a credential place never prints its value.
 */
export function referenceIssues(places: readonly CredentialPlace[], input: unknown, at: Path, className: string): Issue[] {
  const clear =
    `must be a secret reference, ultravox.secretRef("<name>"), with the value in the ${className}'s secretValues: ` +
    "a value here would be stored and shown in clear";
  const misplaced = `holds a secret reference, which only these fields take: ${places.map((p) => `${at.join(".")}.${describePlace(p)}`).join(", ")}`;
  const issues: Issue[] = [];
  mapPlaces(places, input, (value, path, place, holder) => {
    const issue = (message: string, sensitive: boolean) =>
      issues.push({ path: [...at, ...path], message, ...(sensitive ? { sensitive } : {}) });
    if (isUnknown(value) || (place && referenceName(value) !== undefined)) return value;
    if (!place) {
      if (looksLikeReference(value)) issue(misplaced, false);
    } else if (looksLikeReference(value)) {
      issue(`is not a valid secret reference: ${NAME_RULE}`, true);
    } else if (place.referenceRequired(holder)) {
      issue(clear, true);
    } else if (typeof value === "object" && JSON.stringify(value).includes('"[secret:')) {
      issue(`${misplaced} (as the whole value, not inside an object or a list)`, false);
    }
    return value;
  });
  return issues;
}

/** Every reference an input makes has its value in `secretValues`, and every value is referenced. */
export function secretValueIssues(places: readonly CredentialPlace[], input: Props, field: string): Issue[] {
  const values = input.secretValues;
  if (isUnknown(values)) return [];
  const given = Object.keys((values as Record<string, unknown> | undefined) ?? {});
  const used = referencedNames(places, input[field]);
  return [
    ...used
      .filter((n) => !given.includes(n))
      .map((name) => ({ path: [field], message: `refers to [secret:${name}], which secretValues does not hold` })),
    ...given
      .filter((n) => !used.includes(n))
      .map((name) => ({ path: ["secretValues", name], message: `is not referenced by ${field} (ultravox.secretRef)`, sensitive: true })),
  ];
}
