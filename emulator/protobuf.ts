/**
 * How Ultravox keeps a protobuf message it is sent as JSON (an agent's call template, a tool's
 * definition, a voice's definition): a null is an unset field, proto3 defaults are not kept at all
 * (proto3 cannot tell them from a field that is not set), a float is a float32, and a duration is
 * written the way protobuf writes one.
 */
import { isObject } from "./routes";

/** A `google.protobuf.Duration` in JSON, as the API document's pattern has it. */
export const DURATION = /^(-?)(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,9}))?s$/;

/** Fields whose value is free-form JSON or a map, where "" or 0 is a value like any other. */
const FREE_FORM = new Set(["contextSchema", "parameterOverrides", "additionalParams", "headers", "authTokens", "body", "schema", "value"]);

/** The value without the object fields that are null, at any depth (protobuf JSON: null is unset). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** The value without the fields holding a proto3 default ("", 0, false, an empty list, an enum's `_UNSPECIFIED`). */
export function withoutProto3Defaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProto3Defaults);
  if (!isObject(value)) return value;
  const kept = Object.entries(value).filter(
    ([key, v]) => FREE_FORM.has(key) || !(v === "" || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || isUnspecified(v)),
  );
  return Object.fromEntries(kept.map(([key, v]) => [key, FREE_FORM.has(key) ? v : withoutProto3Defaults(v)]));
}

/** Every number of a message (free-form fields aside) as a float32 holds it; whole numbers up to 2^24 are unchanged. */
export function withFloat32s(value: unknown): unknown {
  if (typeof value === "number") return Math.fround(value);
  if (Array.isArray(value)) return value.map(withFloat32s);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, FREE_FORM.has(key) ? v : withFloat32s(v)]));
}

function isUnspecified(value: unknown): boolean {
  return typeof value === "string" && /^[A-Z][A-Z0-9_]*_UNSPECIFIED$/.test(value);
}

/** A protobuf JSON duration as protobuf writes one: 3, 6 or 9 fractional digits ("30s" → "30.000s"). */
export function canonicalDuration(value: unknown): unknown {
  const match = typeof value === "string" ? DURATION.exec(value) : null;
  if (!match) return value;
  const [, minus, seconds, fraction = ""] = match;
  const nanos = fraction.padEnd(9, "0");
  const digits = nanos.endsWith("000000") ? nanos.slice(0, 3) : nanos.endsWith("000") ? nanos.slice(0, 6) : nanos;
  const sign = minus && /[1-9]/.test(seconds + nanos) ? "-" : "";
  return `${sign}${seconds}.${digits}s`;
}
