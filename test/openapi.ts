/**
 * Ultravox's OpenAPI document (../shared/reference/ultravox-openapi.yaml: harness/api-document.ts) as
 * Ajv validators: one for the request body of an operation, one for its success answer.
 *
 * OpenAPI 3.0 schemas are not quite JSON Schema, and they describe both directions at once; this
 * turns them into what each direction must satisfy:
 *  - `nullable: true` becomes a type that admits null;
 *  - a request may not carry a `readOnly` field, and an answer may not carry a `writeOnly` one
 *    (both are dropped from `properties` and `required`);
 *  - an object with `properties` admits no other field, so a field the API does not define is
 *    caught (on both sides: neither the provider nor the emulator may invent one).
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { readApiDocument } from "../harness/api-document";

type Schema = Record<string, unknown>;
type Direction = "request" | "response";

interface Operation {
  requestBody?: { content: { "application/json": { schema: Schema } } };
  responses: Record<string, { content?: { "application/json": { schema: Schema } } }>;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** One recorded exchange with the API (the emulator's `RecordedRequest` is one). */
export interface Exchange {
  method: string;
  path: string;
  body: unknown;
  status: number | string;
  response?: unknown;
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

export class ApiContract {
  private readonly doc: Document;
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.doc = readApiDocument() as unknown as Document;
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    // Formats the document uses that say nothing checkable.
    for (const format of ["enum", "float", "double", "int32", "int64"]) this.ajv.addFormat(format, true);
    this.ajv.addFormat("ipv4-cidr", new RegExp(`^(?:${OCTET}\\.){3}${OCTET}/(?:3[0-2]|[12]?\\d)$`));
    for (const direction of ["request", "response"] as const) {
      this.ajv.addSchema({ components: { schemas: transform(this.doc.components.schemas, direction) } }, `${direction}.json`);
    }
  }

  /** The operation at `path` (the document's path template, e.g. `/api/agents/{agent_id}`). */
  operation(method: string, path: string): Operation {
    const operation = this.doc.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the API document has no ${method} ${path}`);
    return operation;
  }

  /** The document's path template a path is an instance of (`/api/agents/1` → `/api/agents/{agent_id}`); a literal path wins. */
  templateOf(path: string): string {
    const trimmed = path.length > 1 ? path.replace(/\/$/, "") : path;
    const holes = (template: string) => template.split("{").length;
    const [template] = Object.keys(this.doc.paths)
      .filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(trimmed))
      .sort((a, b) => holes(a) - holes(b));
    if (!template) throw new Error(`the API document has no path ${path}`);
    return template;
  }

  /**
   * Everything wrong with recorded exchanges, by exchange: each success answer, and the JSON body
   * of each write that succeeded unless `answersOnly` (a test of the emulator sends odd bodies on purpose).
   */
  violations(log: readonly Exchange[], { answersOnly = false } = {}): string[] {
    return log.flatMap((r) => {
      const path = this.templateOf(r.path);
      const succeeded = typeof r.status === "number" && r.status < 300;
      const problems = [
        ...(!answersOnly && succeeded && ["POST", "PUT", "PATCH"].includes(r.method) && r.body !== undefined
          ? this.checkRequest(r.method, path, r.body)
          : []),
        ...(succeeded ? this.checkResponse(r.method, path, r.status as number, r.response) : []),
      ];
      return problems.map((p) => `${r.method} ${r.path} (${r.status}): ${p}`);
    });
  }

  /** Problems with a request body, in Ajv's words; empty when it is what the API takes. */
  checkRequest(method: string, path: string, body: unknown): string[] {
    const schema = this.operation(method, path).requestBody?.content["application/json"].schema;
    if (!schema) return body === undefined ? [] : [`${method} ${path} takes no body`];
    return this.run("request", schema, body);
  }

  /** Problems with a success answer; empty when it is what the API documents. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[] {
    const answer = this.operation(method, path).responses[String(status)];
    if (!answer) return [`${method} ${path} documents no ${status}`];
    const schema = answer.content?.["application/json"].schema;
    if (!schema) return body === undefined ? [] : [`${method} ${path} ${status} has no body`];
    return this.run("response", schema, body);
  }

  private run(direction: Direction, schema: Schema, body: unknown): string[] {
    const key = `${direction}:${JSON.stringify(schema)}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(transform(schema, direction));
      this.cache.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || "(body)"} ${e.message ?? ""}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
    );
  }
}

/** One direction's JSON Schema for an OpenAPI schema (see the file's comment). */
function transform<T>(node: T, direction: Direction): T {
  if (Array.isArray(node)) return node.map((n: unknown) => transform(n, direction)) as T;
  if (node === null || typeof node !== "object") return node;
  const source = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "$ref" && typeof value === "string") out.$ref = value.replace(/^#/, `${direction}.json#`);
    else if (key === "nullable") continue;
    else if (key === "properties") {
      const hidden = direction === "request" ? "readOnly" : "writeOnly";
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>)
          .filter(([, property]) => property[hidden] !== true)
          .map(([name, property]) => [name, transform(property, direction)]),
      );
    } else out[key] = transform(value, direction);
  }
  if (Array.isArray(source.required) && source.properties) {
    out.required = (source.required as string[]).filter((name) => name in (out.properties as Schema));
  }
  if (source.properties && source.additionalProperties === undefined) out.additionalProperties = false;
  if (source.nullable === true) {
    const { description, ...rest } = out;
    return { description, anyOf: [rest, { type: "null" }] } as T;
  }
  return out as T;
}
