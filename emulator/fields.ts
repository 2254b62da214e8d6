/**
 * DRF's field validation, for the kinds of objects served through the route table: each field a
 * check answering in DRF's own words, a body validated field by field into DRF's error shape
 * (`{"field": ["message"]}`; a list field's items by index, `{"events": {"1": [...]}}`; a list of
 * nested objects item by item, `{"rules": [{}, {"maxCalls": [...]}]}`); and the values the server
 * makes (times as DRF writes them, generated secrets).
 *
 * Types are strict where DRF would coerce (`"5"` to 5, `1` to true, a number to a string): the
 * provider must send the document's types, and a client that leans on coercion shows up here.
 * Strings are kept as sent (DRF trims surrounding whitespace), as the other kinds keep them.
 */
import { randomBytes } from "node:crypto";
import type { DrfErrors } from "./carriers";

/** The errors of one present, non-null value, or undefined when it is valid. */
export type Check = (value: unknown) => unknown;

export interface Field {
  check: Check;
  /** A POST or a PUT must carry it. */
  required?: boolean;
  /** It takes null. */
  nullable?: boolean;
}

export type Fields = Record<string, Field>;

/** The writable fields a body carries; DRF ignores the rest (unknown and read-only fields alike). */
export type Values = Record<string, unknown>;

/** DRF's errors for `body` (a PATCH when `partial`), or undefined. */
export function fieldErrors(fields: Fields, body: Record<string, unknown>, partial: boolean): DrfErrors | undefined {
  const errors: DrfErrors = {};
  for (const [name, field] of Object.entries(fields)) {
    const error = fieldError(field, body[name], partial);
    if (error !== undefined) errors[name] = error;
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function fieldError(field: Field, value: unknown, partial: boolean): unknown {
  if (value === undefined) return field.required && !partial ? ["This field is required."] : undefined;
  if (value === null) return field.nullable ? undefined : ["This field may not be null."];
  return field.check(value);
}

/** The fields of `fields` that `body` carries. */
export function valuesOf(fields: Fields, body: Record<string, unknown>): Values {
  return Object.fromEntries(Object.keys(fields).flatMap((name) => (body[name] === undefined ? [] : [[name, body[name]]])));
}

// --- checks ------------------------------------------------------------------------------------

export function text(maxLength?: number): Check {
  return (value) => {
    if (typeof value !== "string") return ["Not a valid string."];
    if (value.trim() === "") return ["This field may not be blank."];
    // Python counts code points, as DRF's max_length does.
    if (maxLength !== undefined && [...value].length > maxLength) return [`Ensure this field has no more than ${maxLength} characters.`];
    return undefined;
  };
}

/**
 * Django's URLValidator, as DRF's URLField uses it: an http, https, ftp or ftps URL whose host is
 * `localhost`, an IP address, or a name with a top-level domain.
 */
export function url(maxLength?: number): Check {
  return (value) => text(maxLength)(value) ?? (isUrl(value as string) ? undefined : ["Enter a valid URL."]);
}

function isUrl(value: string): boolean {
  if (/\s/.test(value) || !/^(?:https?|ftps?):\/\/[^/?#]/i.test(value)) return false;
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return false;
  }
  if (host === "localhost" || host.startsWith("[")) return true;
  if (/^[\d.]+$/.test(host)) return isIpv4(host);
  return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})\.?$/i.test(host);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuid: Check = (value) => (typeof value === "string" && UUID.test(value) ? undefined : ["Must be a valid UUID."]);

export const boolean: Check = (value) => (typeof value === "boolean" ? undefined : ["Must be a valid boolean."]);

export function integer(min: number, max: number): Check {
  return (value) => {
    if (typeof value !== "number" || !Number.isInteger(value)) return ["A valid integer is required."];
    if (value < min) return [`Ensure this value is greater than or equal to ${min}.`];
    if (value > max) return [`Ensure this value is less than or equal to ${max}.`];
    return undefined;
  };
}

export function choice(choices: readonly string[]): Check {
  return (value) => (typeof value === "string" && choices.includes(value) ? undefined : [`"${String(value)}" is not a valid choice.`]);
}

/** ISO 8601 with a time, as DRF's DateTimeField takes it (no offset: UTC). */
const DATE_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:?\d\d)?$/;

export const dateTime: Check = (value) =>
  typeof value === "string" && DATE_TIME.test(value) && !Number.isNaN(parseDateTime(value).getTime())
    ? undefined
    : ["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."];

/** A value `dateTime` accepted, as a Date (no offset: UTC). */
export function parseDateTime(value: string): Date {
  const iso = value.replace(" ", "T").replace(/([+-]\d\d)(\d\d)$/, "$1:$2");
  return new Date(/(?:Z|[+-]\d\d:\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

/**
 * A time as DRF writes one: UTC, `Z`, microseconds only when there are any (Python's isoformat).
 * A Date holds milliseconds: digits sent beyond them are lost, where the API would keep them.
 */
export function drfTime(date: Date = new Date()): string {
  return date
    .toISOString()
    .replace(/\.000Z$/, "Z")
    .replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** A strong secret, as the API generates one where a client sends none (32 random bytes). */
export function generatedSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** An IPv4 network in CIDR notation (`10.0.0.0/8`), with no host bits set (as Python's `ipaddress.IPv4Network` takes it). */
export const ipv4Cidr: Check = (value) => {
  const [address, length, ...rest] = typeof value === "string" ? value.split("/") : [];
  const bits = length !== undefined && /^\d{1,2}$/.test(length) ? Number(length) : NaN;
  const valid = rest.length === 0 && address !== undefined && isIpv4(address) && bits <= 32 && hostBitsClear(address, bits);
  return valid ? undefined : ["Enter a valid IPv4 network in CIDR notation, with no host bits set."];
};

function isIpv4(address: string): boolean {
  const octets = address.split(".");
  return octets.length === 4 && octets.every((o) => /^(?:0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
}

function hostBitsClear(address: string, bits: number): boolean {
  const value = address.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  return value % 2 ** (32 - bits) === 0;
}

/** Python's name for a JSON value's type, as DRF's messages quote it. */
function pythonType(value: unknown): string {
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return Array.isArray(value) ? "list" : "dict";
}

function listError(value: unknown, limits: { min?: number; max?: number }): string[] | undefined {
  if (!Array.isArray(value)) return [`Expected a list of items but got type "${pythonType(value)}".`];
  if (limits.min !== undefined && value.length < limits.min) return [`Ensure this field has at least ${limits.min} elements.`];
  if (limits.max !== undefined && value.length > limits.max) return [`Ensure this field has no more than ${limits.max} elements.`];
  return undefined;
}

/** A ListField of `item`: errors by the index of each wrong item. */
export function listOf(item: Check, limits: { min?: number; max?: number } = {}): Check {
  return (value) => {
    const error = listError(value, limits);
    if (error) return error;
    const errors = Object.fromEntries((value as unknown[]).flatMap((v, i) => itemError(item, v, i)));
    return Object.keys(errors).length > 0 ? errors : undefined;
  };
}

function itemError(item: Check, value: unknown, index: number): [string, unknown][] {
  const error = value === null ? ["This field may not be null."] : item(value);
  return error === undefined ? [] : [[String(index), error]];
}

/** A nested serializer: an object of `fields`. */
export function object(fields: Fields): Check {
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`] };
    }
    return fieldErrors(fields, value as Record<string, unknown>, false);
  };
}

/** A nested serializer with `many=True`: a list of objects of `fields`, errors item by item (`{}` for a good one). */
export function listOfObjects(fields: Fields, limits: { min?: number; max?: number } = {}): Check {
  return (value) => {
    const error = listError(value, limits);
    if (error) return error;
    const errors = (value as unknown[]).map((item) => object(fields)(item) ?? {});
    return errors.some((e) => Object.keys(e).length > 0) ? errors : undefined;
  };
}
