/**
 * Validators read from Ultravox's own OpenAPI schemas (the subset in provider/agent/api-schemas.json,
 * generated from openapi/), so that what a program may write is what the API documents: field
 * names (a misspelt one is caught at preview), types, enums, patterns, lengths.
 *
 * It understands the OpenAPI 3.0 subset those schemas use: $ref, single-entry allOf, object
 * (properties / additionalProperties), array, string (enum, pattern, maxLength), number, integer,
 * boolean, nullable, readOnly. Rules the document only states in prose (a temperature from 0 to 1)
 * are added by the caller as overrides.
 */
import { anything, boolean, list, map, number, object, oneOf, show, string, type Validator } from "./validate";

export interface SchemaNode {
  type?: string;
  format?: string;
  enum?: readonly (string | null)[];
  pattern?: string;
  maxLength?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: readonly string[];
  allOf?: readonly SchemaNode[];
  $ref?: string;
  nullable?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
}

export interface SchemaOptions {
  /**
   * Validators to use instead of the document's, keyed `<schema name>.<property>`, e.g.
   * `ultravox.v1.CallTemplate.temperature`.
   */
  overrides?: Readonly<Record<string, Validator>>;
  /** Messages for patterns, keyed by the pattern's source. */
  patterns?: Readonly<Record<string, string>>;
}

const READ_ONLY: Validator = (_value, path, issues) => void issues.push({ path, message: "is read-only: Ultravox sets it" });

/** A validator for the component schema `name` (and everything it references), built lazily. */
export function schemaValidator(name: string, schemas: Readonly<Record<string, SchemaNode>>, options: SchemaOptions = {}): Validator {
  const built = new Map<string, Validator>();
  const named = (schema: string): Validator => {
    const existing = built.get(schema);
    if (existing) return existing;
    // Referenced before it is built (a schema that refers to itself): look it up when it runs.
    built.set(schema, (value, path, issues) => built.get(schema)!(value, path, issues));
    const node = schemas[schema];
    if (!node) throw new Error(`no schema ${schema} in the API document subset`);
    const validator = fromNode(node, schema);
    built.set(schema, validator);
    return validator;
  };

  const fromNode = (node: SchemaNode, schema: string): Validator => {
    if (node.$ref) return named(node.$ref.replace("#/components/schemas/", ""));
    if (node.allOf?.length === 1) return fromNode(node.allOf[0], schema);
    if (node.enum) return oneOf(node.enum.filter((v): v is string => v !== null));
    switch (node.type) {
      case "object":
        return objectOf(node, schema);
      case "array":
        return list(node.items ? fromNode(node.items, schema) : anything());
      case "string":
        return string({
          nonEmpty: false,
          maxLength: node.maxLength,
          rule: node.pattern ? patternRule(node.pattern, options.patterns) : undefined,
        });
      case "number":
        return number();
      case "integer":
        return number({ integer: true });
      case "boolean":
        return boolean();
      default:
        // No type: any JSON value (google.protobuf.Value, for one).
        return anything();
    }
  };

  const objectOf = (node: SchemaNode, schema: string): Validator => {
    if (!node.properties) {
      const extra = node.additionalProperties;
      return map(typeof extra === "object" ? fromNode(extra, schema) : anything());
    }
    const fields: Record<string, Validator> = {};
    for (const [property, inner] of Object.entries(node.properties)) {
      fields[property] = options.overrides?.[`${schema}.${property}`] ?? (inner.readOnly ? READ_ONLY : fromNode(inner, schema));
    }
    // `required` lists read-only fields too; a request needs only the others.
    const required = (node.required ?? []).filter((property) => !node.properties![property]?.readOnly);
    return object(fields, { required, strict: node.additionalProperties !== true });
  };

  return named(name);
}

function patternRule(pattern: string, messages: Readonly<Record<string, string>> = {}): (value: string) => string | undefined {
  const regex = new RegExp(pattern);
  const message = messages[pattern];
  return (value) =>
    regex.test(value) ? undefined : message ? `${message}, got ${show(value)}` : `must match ${pattern}, got ${show(value)}`;
}
