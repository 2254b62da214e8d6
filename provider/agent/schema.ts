/**
 * What an Agent's inputs may be, and what an agent answer must look like.
 *
 * The call template is checked against Ultravox's own schema (api-schemas.json, generated from
 * openapi/ by `npm run generate`), plus what the document states only in prose: a temperature from
 * 0 to 1, a VAD threshold from 0.1 to 1. Loaded with the Agent's methods, when an Agent is first
 * checked: a program, or a preview of telephony configs alone, never loads it.
 */
import { schemaValidator } from "../core/openapi-schema";
import { propertyPath } from "../core/property-path";
import type { Props } from "../core/resource-provider";
import { anything, isUnknown, list, map, number, object, string, trimmedString, type Issue, type Validator } from "../core/validate";
import apiSchemas from "./api-schemas.json";
import {
  CREDENTIAL_PLACES,
  credentialPlaceAt,
  describePlace,
  isReferenceName,
  looksLikeReference,
  mapTemplate,
  NAME_RULE,
  referencedNames,
  referenceName,
} from "./template";

/** The API's limit on an agent's name. */
const MAX_NAME_LENGTH = 64;

const DURATION_PATTERN = "^-?(?:0|[1-9][0-9]{0,11})(?:\\.[0-9]{1,9})?s$";

const CLEAR_CREDENTIAL =
  'must be a secret reference, ultravox.secretRef("<name>"), with the value in the Agent\'s secretValues: ' +
  "a value here would be stored and shown in clear";
const MISPLACED_REFERENCE = `holds a secret reference, which only these fields take: ${CREDENTIAL_PLACES.map(describePlace).join(", ")}`;

/**
 * The credential rules, from the one table of credential places: a credential is a reference (or,
 * where the API allows one, a value in clear), a reference's name is valid, and no other field
 * holds a reference (it would be sent as the text "[secret:...]"). An issue at a credential place
 * never prints its value.
 */
const credentials: Validator = (template, at, issues) => {
  mapTemplate(template, (value, path, place, holder) => {
    const issue = (message: string, sensitive: boolean) => issues.push({ path: [...at, ...path], message, sensitive });
    if (isUnknown(value) || (place && referenceName(value) !== undefined)) return value;
    if (!place) {
      if (looksLikeReference(value)) issue(MISPLACED_REFERENCE, false);
    } else if (looksLikeReference(value)) {
      issue(`is not a valid secret reference: ${NAME_RULE}`, true);
    } else if (place.referenceRequired(holder)) {
      issue(CLEAR_CREDENTIAL, true);
    } else if (typeof value === "object" && JSON.stringify(value).includes('"[secret:')) {
      issue(`${MISPLACED_REFERENCE} (as the whole value, not inside an object or a list)`, false);
    }
    return value;
  });
};

/**
 * `schema`'s issues (those at or inside a credential place never printing the value), then the
 * credential rules' at every other path.
 */
function withCredentials(schema: Validator): Validator {
  return (template, at, issues) => {
    const found: Issue[] = [];
    schema(template, at, found);
    const atCredential = (path: Issue["path"]) =>
      path.slice(at.length).some((_, i, relative) => credentialPlaceAt(relative.slice(0, i + 1)) !== undefined);
    issues.push(...found.map((issue) => (atCredential(issue.path) ? { ...issue, sensitive: true } : issue)));
    const reported = new Set(found.map((issue) => propertyPath(issue.path)));
    const rules: Issue[] = [];
    credentials(template, at, rules);
    issues.push(...rules.filter((issue) => !reported.has(propertyPath(issue.path))));
  };
}

/** A key of secretValues: the name references give. */
const referenceNameKey = string({ rule: (name) => (isReferenceName(name) ? undefined : `is not a valid name: ${NAME_RULE}`) });

const misplaced =
  (message: string): Validator =>
  (_value, path, issues) =>
    void issues.push({ path, message, sensitive: true });

/** The call template's validator, from the API's schema. */
function callTemplateValidator(): Validator {
  const schema = schemaValidator("ultravox.v1.CallTemplate", apiSchemas, {
    overrides: {
      "ultravox.v1.CallTemplate.temperature": number({ min: 0, max: 1 }),
      "ultravox.v1.CallTemplate.created": misplaced("is read-only: Ultravox sets it"),
      "ultravox.v1.CallTemplate.updated": misplaced("is read-only: Ultravox sets it"),
      "ultravox.v1.CallTemplate.sharedSecrets": misplaced("belongs in the Agent's sharedSecrets input (a secret), not in callTemplate"),
      "ultravox.v1.VadSettings.frameActivationThreshold": number({ min: 0.1, max: 1 }),
    },
    patterns: { [DURATION_PATTERN]: 'must be a duration in seconds such as "30s" or "0.384s"' },
  });
  return withCredentials(schema);
}

export function agentInputs(): Record<string, Validator> {
  return {
    name: string({ trimmed: true, maxLength: MAX_NAME_LENGTH }),
    callTemplate: callTemplateValidator(),
    sharedSecrets: list(trimmedString, { what: "a list of strings" }),
    secretValues: map(trimmedString, { what: "an object mapping reference names to secret values", key: referenceNameKey }),
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
