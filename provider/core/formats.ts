/**
 * Formats several resources' inputs share, as zod schemas with this package's own messages:
 * an id or a credential as pasted (not blank, no whitespace around it), an agent id, a
 * dot-separated path, a base URL. A value not known yet (during preview) passes each of them.
 */
import * as z from "zod/mini";
import { checkBaseUrl } from "./base-url";
import { show } from "./check";
import { isUnknown } from "./values";

/** A string check from a rule that returns what is wrong (never quoting a secret), or undefined. */
export function stringRule(rule: (value: string) => string | undefined, sensitive = false): z.core.$ZodCheck<string> {
  return z.superRefine((value: string, ctx) => {
    if (isUnknown(value)) return;
    const message = rule(value);
    if (message !== undefined)
      ctx.issues.push({ code: "custom", message, input: value, ...(sensitive ? { params: { sensitive: true } } : {}) });
  });
}

/** Not empty. */
export const nonEmptyString = z.string().check(stringRule((v) => (v === "" ? "must not be empty" : undefined)));

/** Not blank, and no whitespace around it (the newline `$(cat token.txt)` leaves). */
export const trimmed = stringRule((v) =>
  v === ""
    ? "must not be empty"
    : v.trim() === ""
      ? "must not be only whitespace"
      : v.trim() !== v
        ? "must not start or end with whitespace (a newline left by reading a file?)"
        : undefined,
);

/** An id or a credential as pasted. */
export const trimmedString = z.string().check(trimmed);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOT_PATH = /^[^.\s]+(?:\.[^.\s]+)*$/;

/** A UUID in any letter case (Ultravox's ids are UUIDs). */
export const uuid = z
  .string()
  .check(stringRule((v) => (UUID.test(v) ? undefined : `must be a UUID such as 3c90c3cc-0d44-4b50-8888-8dd25736052a, got ${show(v)}`)));

/** A dot-separated path such as `user.phone_number`. */
export const dotPath = z
  .string()
  .check(
    stringRule((v) =>
      DOT_PATH.test(v) ? undefined : `must be a dot-separated path such as user.phone_number (no empty parts, no spaces), got ${show(v)}`,
    ),
  );

/** An Ultravox base URL (base-url.ts has the rule; its reason never quotes the URL, which may hold a password). */
export const baseUrl = z.string().check(
  stringRule((v) => {
    const checked = checkBaseUrl(v);
    return checked.ok ? undefined : checked.reason;
  }, true),
);
