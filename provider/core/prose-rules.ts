/**
 * What Ultravox's OpenAPI document states only in prose, in one place, as rules on the schemas
 * generated from it (provider/generated/zod.ts builds every schema through `schema`):
 * "either this or `voice` may be set, but not both", "at most one call medium may be set",
 * "exactly one of tool_id, tool_name, or temporary_tool", "must match ^[a-zA-Z0-9_-]{1,64}$",
 * "between 0 and 1"; and lengths counted as the API counts them (code points, as JSON Schema does).
 *
 * Every rule lets a value not known yet (during preview) pass.
 */
import * as z from "zod/mini";
import { isUnknown } from "./values";

type Fields = Record<string, unknown>;

/** An issue a rule raises: its path inside the object, and what is wrong. */
interface RuleIssue {
  path: (string | number)[];
  message: string;
}

type Rule = (value: Fields) => RuleIssue[];

/** The fields of `names` that are set (and known). */
function setFields(value: Fields, names: readonly string[]): string[] {
  return names.filter((name) => value[name] !== undefined && value[name] !== null);
}

/** At most one of `names` (all of the object's fields when none are named). */
function atMostOne(what: string, names?: readonly string[]): Rule {
  return (value) => {
    const set = setFields(value, names ?? Object.keys(value));
    return set.length > 1 ? [{ path: [set[1]], message: `must not be set together with ${set[0]}: ${what}` }] : [];
  };
}

/** Exactly one of `names`. */
function exactlyOne(what: string, names: readonly string[]): Rule {
  return (value) => {
    if (names.some((name) => isUnknown(value[name]))) return [];
    const set = setFields(value, names);
    if (set.length === 0) return [{ path: [], message: `needs one of ${names.join(", ")}: ${what}` }];
    return atMostOne(what, names)(value);
  };
}

/** A number field from `min` to `max`. */
function range(field: string, min: number, max: number): Rule {
  return (value) => {
    const n = value[field];
    return typeof n === "number" && (n < min || n > max)
      ? [{ path: [field], message: `must be a number from ${min} to ${max}, got ${n}` }]
      : [];
  };
}

/** A string field matching `pattern`. */
function matching(field: string, pattern: RegExp, what: string): Rule {
  return (value) => {
    const text = value[field];
    return typeof text === "string" && !isUnknown(text) && !pattern.test(text)
      ? [{ path: [field], message: `must be ${what} (${pattern.source}), got ${JSON.stringify(text)}` }]
      : [];
  };
}

const ONE_VOICE = "Ultravox takes either a voice of its own (voice) or an external one (externalVoice), not both";

/** The rules, by the document's schema name. */
const RULES: Readonly<Record<string, readonly Rule[]>> = {
  "ultravox.v1.CallTemplate": [atMostOne(ONE_VOICE, ["voice", "externalVoice"]), range("temperature", 0, 1)],
  "ultravox.v1.CallMedium": [atMostOne("at most one call medium may be set")],
  "ultravox.v1.CallMedium_SipMedium": [exactlyOne("a SIP medium is either incoming or outgoing", ["incoming", "outgoing"])],
  "ultravox.v1.ExternalVoice": [
    exactlyOne("an external voice is of exactly one provider", [
      "elevenLabs",
      "cartesia",
      "lmnt",
      "google",
      "inworld",
      "respeecher",
      "generic",
    ]),
  ],
  "ultravox.v1.FirstSpeakerSettings": [atMostOne("either the user or the agent speaks first", ["user", "agent"])],
  "ultravox.v1.SelectedTool": [
    exactlyOne("a selected tool is an existing tool (toolId or toolName) or a temporary one", ["toolId", "toolName", "temporaryTool"]),
  ],
  "ultravox.v1.BaseToolDefinition": [
    exactlyOne("a tool has exactly one implementation", ["http", "client", "dataConnection"]),
    matching("modelToolName", /^[a-zA-Z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ or -"),
  ],
  "ultravox.v1.SecurityRequirement": [exactlyOne("a security requirement is of one kind", ["queryApiKey", "headerApiKey", "httpAuth"])],
  "ultravox.v1.VadSettings": [range("frameActivationThreshold", 0.1, 1)],
  "ultravox.v1.ToolOverrides": [atMostOne("tools are either removed by name or all", ["remove", "removeAll"])],
};

/** `schema` with the prose rules of the document's schema `name`, if it has any. */
export function withProseRules<T extends z.ZodMiniType>(name: string, schema: T): T {
  const rules = RULES[name];
  if (!rules) return schema;
  return schema.check(
    z.superRefine((value, ctx) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return;
      for (const rule of rules) {
        for (const issue of rule(value as Fields))
          ctx.issues.push({ code: "custom", path: issue.path, message: issue.message, input: value });
      }
    }),
  );
}

/**
 * A generated schema: built, with its prose rules, when first asked for. Building every schema of
 * the document when the provider loads would cost its first Check tens of milliseconds.
 */
export function schema<T extends z.ZodMiniType>(name: string, build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= withProseRules(name, build()));
}

/** The schemas the rules name, for the test that each exists in the document. */
export const RULED_SCHEMAS: readonly string[] = Object.keys(RULES);

/** How the API counts a length: a string's code points (not UTF-16 units, as `.length` does), a list's items. */
function lengthOf(value: unknown): number {
  return typeof value === "string" ? [...value].length : Array.isArray(value) ? value.length : 0;
}

/** At most `n` characters (code points) or items. */
export function maxLength(n: number): z.core.$ZodCheck<string | unknown[]> {
  return z.refine((value: string | unknown[]) => lengthOf(value) <= n, { params: { maxLength: n } });
}

/** At least `n` characters (code points) or items. */
export function minLength(n: number): z.core.$ZodCheck<string | unknown[]> {
  return z.refine((value: string | unknown[]) => lengthOf(value) >= n, { params: { minLength: n } });
}
