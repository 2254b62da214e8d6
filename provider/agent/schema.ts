/**
 * What an Agent's inputs may be, and what an agent answer must look like.
 *
 * The call template is checked against Ultravox's own schema (api-schemas.json, generated from
 * openapi/ by `npm run generate`), plus what the document states only in prose: a temperature from
 * 0 to 1, a VAD threshold from 0.1 to 1. Loaded with the Agent's methods, when an Agent is first
 * checked: a program, or a preview of telephony configs alone, never loads it.
 */
import { schemaValidator } from "../core/openapi-schema";
import type { Props } from "../core/resource-provider";
import { anything, isUnknown, list, map, number, object, string, trimmedString, type Issue, type Validator } from "../core/validate";
import apiSchemas from "./api-schemas.json";
import { referencedNames, referenceName } from "./template";

/** The API's limit on an agent's name. */
const MAX_NAME_LENGTH = 64;

const DURATION_PATTERN = "^-?(?:0|[1-9][0-9]{0,11})(?:\\.[0-9]{1,9})?s$";

/** A credential in a template must be a reference: a value there would be stored and shown in clear. */
const secretReference: Validator = (value, path, issues) => {
  if (isUnknown(value) || referenceName(value) !== undefined) return;
  issues.push({
    path,
    message:
      'must be a secret reference, ultravox.secretRef("<name>"), with the value in the Agent\'s secretValues: ' +
      "a value here would be stored and shown in clear",
    sensitive: true,
  });
};

const misplaced =
  (message: string): Validator =>
  (_value, path, issues) =>
    void issues.push({ path, message, sensitive: true });

/** The call template's validator, from the API's schema. */
function callTemplateValidator(): Validator {
  return schemaValidator("ultravox.v1.CallTemplate", apiSchemas, {
    overrides: {
      "ultravox.v1.CallTemplate.temperature": number({ min: 0, max: 1 }),
      "ultravox.v1.CallTemplate.created": misplaced("is read-only: Ultravox sets it"),
      "ultravox.v1.CallTemplate.updated": misplaced("is read-only: Ultravox sets it"),
      "ultravox.v1.CallTemplate.sharedSecrets": misplaced("belongs in the Agent's sharedSecrets input (a secret), not in callTemplate"),
      "ultravox.v1.VadSettings.frameActivationThreshold": number({ min: 0.1, max: 1 }),
      "ultravox.v1.SelectedTool.authTokens": map(secretReference),
      "ultravox.v1.DataConnectionConfig.headers": map(secretReference),
    },
    patterns: { [DURATION_PATTERN]: 'must be a duration in seconds such as "30s" or "0.384s"' },
  });
}

export function agentInputs(): Record<string, Validator> {
  return {
    name: string({ trimmed: true, maxLength: MAX_NAME_LENGTH }),
    callTemplate: callTemplateValidator(),
    sharedSecrets: list(trimmedString, { what: "a list of strings" }),
    secretValues: map(trimmedString, { what: "an object mapping reference names to secret values" }),
  };
}

/** Every reference the template makes has its value, and every value is referenced. */
export function refineAgent(inputs: Props, issues: Issue[]): void {
  const values = inputs.secretValues;
  if (isUnknown(values)) return;
  const given = Object.keys((values as Record<string, unknown> | undefined) ?? {});
  const used = referencedNames(inputs.callTemplate);
  for (const name of used.filter((n) => !given.includes(n))) {
    issues.push({ path: ["callTemplate"], message: `refers to [secret:${name}], which secretValues does not hold` });
  }
  for (const name of given.filter((n) => !used.includes(n))) {
    issues.push({ path: ["secretValues", name], message: "is not referenced by callTemplate (ultravox.secretRef)", sensitive: true });
  }
}

/** An agent as the API answers it. */
export const agentAnswer: Validator = object(
  {
    agentId: string(),
    name: string({ nonEmpty: false }),
    created: string({ nonEmpty: false }),
    publishedRevisionId: string({ nonEmpty: false }),
    callTemplate: map(anything()),
  },
  { required: ["agentId"], strict: false },
);

type SchemaNode = import("../core/openapi-schema").SchemaNode;
const SCHEMAS = apiSchemas as Record<string, SchemaNode>;

/** The schema at `path` below the call template, following references; undefined past a free-form value. */
function schemaAt(path: readonly (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = SCHEMAS["ultravox.v1.CallTemplate"];
  const resolve = (n: SchemaNode | undefined): SchemaNode | undefined => {
    let current = n;
    while (current?.$ref || current?.allOf?.length === 1) {
      current = current.$ref ? SCHEMAS[current.$ref.replace("#/components/schemas/", "")] : current.allOf![0];
    }
    return current;
  };
  for (const segment of path) {
    node = resolve(node);
    if (node === undefined) return undefined;
    if (typeof segment === "number") node = node.items;
    else node = node.properties?.[segment] ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
  }
  return resolve(node);
}

/**
 * The value that clears the call-template field at `path` where a PATCH ignores null: its proto3
 * default, which Ultravox holds as "not set" (the first enum value, "", 0, false, an empty list).
 * Undefined for a field without one (a duration or timestamp, a nested message, a map): sending any
 * value there would set it, not clear it.
 */
export function clearingValue(path: readonly (string | number)[]): { value: unknown } | undefined {
  const node = schemaAt(path);
  if (node === undefined) return undefined;
  if (node.enum) return { value: node.enum.find((v) => v !== null) };
  switch (node.type) {
    case "string":
      return node.pattern === DURATION_PATTERN || node.format === "date-time" ? undefined : { value: "" };
    case "number":
    case "integer":
      return { value: 0 };
    case "boolean":
      return { value: false };
    case "array":
      return { value: [] };
    default:
      return undefined;
  }
}

/** A page of `GET /api/agents`. */
export const agentList = {
  validator: object({ results: list(agentAnswer), next: string({ nonEmpty: false }) }, { required: ["results"], strict: false }),
  read: (body: unknown) => body as { results: { agentId: string; name?: string; created?: string }[]; next?: string | null },
};
