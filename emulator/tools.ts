/**
 * The emulator's durable tools (`/api/tools`: GET a page, POST; `/api/tools/<id>`: GET, PUT,
 * DELETE; there is no PATCH), as the API document describes `Tool` and `ultravox.v1.BaseToolDefinition`.
 *
 * - The server fills in `toolId`, `created` and `ownership` (`private` for the account's own tools).
 * - The definition is stored as Ultravox keeps a protobuf message: proto3 defaults are not kept
 *   (`precomputable: false`, `description: ""`, an empty list, an `_UNSPECIFIED` enum), the
 *   `timeout` in canonical form ("30s" → "30.000s"). Answers fill in the server's defaults where
 *   the stored definition sets nothing, and a provider must never show them as changes:
 *   `modelToolName` is the tool's `name`, `timeout` is "10.000s", `defaultReaction` is
 *   `AGENT_REACTION_SPEAKS`. (The document states no defaults; these are this emulator's choice.)
 * - `name`: at most 40 characters, unique among the account's tools (a 400 naming `name`): an agent's
 *   `selectedTools[].toolName` "must uniquely identify the tool". A tool may take a built-in's name;
 *   Ultravox's guide says a private tool of that name overrides the built-in one.
 * - The built-in tools (`hangUp`, `queryCorpus`, `playDtmfSounds`) are listed for every account
 *   with `ownership: public`; they can be read, not changed or deleted (403).
 * - PUT replaces the name and the definition (both required).
 * - A tool that an agent selects can be deleted: agents (a separate store here, as the call template
 *   is a stored message in Ultravox) keep the dangling `toolId`/`toolName`, and only a call that
 *   uses it would fail. The document defines no such check on DELETE, nor on an agent's write.
 * - A POST with an OpenAPI file (multipart) is not emulated: it is answered as a body that is not JSON.
 */
import { randomUUID } from "node:crypto";
import type { DrfErrors } from "./carriers";
import { DURATION, canonicalDuration, withoutNulls, withoutProto3Defaults } from "./protobuf";
import { NOT_AN_OBJECT, NOT_FOUND, byMethod, isObject, objectBody, page, textErrors, type Answer, type ObjectRoute } from "./routes";

export type ToolDefinition = Record<string, unknown>;

export interface StoredTool {
  toolId: string;
  name: string;
  created: string;
  /** As stored: proto3 defaults dropped, no server defaults filled in. */
  definition: ToolDefinition;
}

/** What a POST or PUT sends, or what someone in the console sets. */
export interface ToolChanges {
  name?: unknown;
  definition?: unknown;
}

const MAX_NAME = 40;
const MODEL_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const DEFAULT_TIMEOUT = "10.000s";
const DEFAULT_REACTION = "AGENT_REACTION_SPEAKS";
const DEFINITION_FIELDS = new Set([
  "modelToolName",
  "description",
  "dynamicParameters",
  "staticParameters",
  "automaticParameters",
  "requirements",
  "timeout",
  "precomputable",
  "http",
  "client",
  "dataConnection",
  "defaultReaction",
  "staticResponse",
]);
const IMPLEMENTATIONS = ["http", "client", "dataConnection"];
const LOCATIONS = ["PARAMETER_LOCATION_QUERY", "PARAMETER_LOCATION_PATH", "PARAMETER_LOCATION_HEADER", "PARAMETER_LOCATION_BODY"];
const REACTIONS = ["AGENT_REACTION_UNSPECIFIED", "AGENT_REACTION_SPEAKS", "AGENT_REACTION_LISTENS", "AGENT_REACTION_SPEAKS_ONCE"];
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const FORBIDDEN: Answer = { status: 403, body: { detail: "You do not have permission to perform this action." } };

/** Ultravox's own tools, the same in every account, oldest first. */
const BUILT_IN_TOOLS: readonly StoredTool[] = [
  builtIn("6b3c0c59-7a1d-4c6e-9d0e-000000000001", "hangUp", "Ends the call."),
  builtIn("6b3c0c59-7a1d-4c6e-9d0e-000000000002", "queryCorpus", "Searches a corpus for content relevant to a query.", [
    { name: "query", location: "PARAMETER_LOCATION_BODY", schema: { type: "string" }, required: true },
  ]),
  builtIn("6b3c0c59-7a1d-4c6e-9d0e-000000000003", "playDtmfSounds", "Plays dialpad tones.", [
    { name: "digits", location: "PARAMETER_LOCATION_BODY", schema: { type: "string" }, required: true },
  ]),
];

function builtIn(toolId: string, name: string, description: string, dynamicParameters?: unknown[]): StoredTool {
  const http = { baseUrlPattern: `https://tools.ultravox.invalid/${name}`, httpMethod: "POST" };
  return {
    toolId,
    name,
    created: "2024-06-01T00:00:00.000Z",
    definition: { modelToolName: name, description, ...(dynamicParameters && { dynamicParameters }), http },
  };
}

/** One account's tools; its methods act as someone in the console would (tests use them behind the provider's back). */
export class ToolStore {
  private readonly tools = new Map<string, StoredTool>();

  /** The account's tools as stored, oldest first (copies). */
  all(): StoredTool[] {
    return [...this.tools.values()].map((t) => structuredClone(t));
  }

  get(toolId: string): StoredTool | undefined {
    const tool = this.tools.get(toolId);
    return tool && structuredClone(tool);
  }

  /** Creates a tool; its id. Throws what the API would answer with a 400. */
  add(tool: ToolChanges): string {
    return orThrow(this.write(tool)).toolId;
  }

  /** Replaces the name or the definition (or both) of a tool. Throws what the API would answer with a 400. */
  change(toolId: string, changes: ToolChanges): void {
    const stored = this.tools.get(toolId);
    if (!stored) throw new Error(`the emulator has no tool ${toolId} in that account`);
    orThrow(this.write({ name: stored.name, definition: stored.definition, ...structuredClone(changes) }, stored));
  }

  delete(toolId: string): boolean {
    return this.tools.delete(toolId);
  }

  /** Creates a tool from a whole body (a POST), or replaces `self` with it (a PUT): the stored tool, or the 400's errors. */
  write(body: ToolChanges, self?: StoredTool): { tool: StoredTool } | { errors: DrfErrors } {
    const errors: DrfErrors = {};
    const name = textErrors(body.name, { max: MAX_NAME });
    const taken = !name && [...this.tools.values()].some((t) => t.name === body.name && t.toolId !== self?.toolId);
    if (name || taken) errors.name = name ?? ["A tool with this name already exists."];
    // The model tool name defaults to the name: judged by a name that is good.
    const definition = definitionErrors(body.definition, name ? undefined : body.name);
    if (definition) errors.definition = definition;
    if (Object.keys(errors).length > 0) return { errors };
    const tool = {
      toolId: self?.toolId ?? randomUUID(),
      name: body.name as string,
      created: self?.created ?? new Date().toISOString(),
      definition: stored(body.definition),
    };
    this.tools.set(tool.toolId, tool);
    return { tool: structuredClone(tool) };
  }
}

function orThrow(result: { tool: StoredTool } | { errors: DrfErrors }): StoredTool {
  if ("errors" in result) throw new Error(`the API would refuse that tool: ${JSON.stringify(result.errors)}`);
  return result.tool;
}

/** The definition as stored: nulls and proto3 defaults dropped, the timeout canonical. */
function stored(definition: unknown): ToolDefinition {
  const kept = withoutProto3Defaults(withoutNulls(structuredClone(definition))) as ToolDefinition;
  if (kept.timeout !== undefined) kept.timeout = canonicalDuration(kept.timeout);
  return kept;
}

// --- validation --------------------------------------------------------------------------------

/** Errors of a definition, keyed by its fields (a list or a dict, as DRF nests them), or undefined. */
function definitionErrors(definition: unknown, name: unknown): unknown {
  if (definition === undefined) return ["This field is required."];
  if (definition === null) return ["This field may not be null."];
  if (!isObject(definition)) return ["Expected an object."];
  const errors: DrfErrors = {};
  for (const field of Object.keys(definition)) if (!DEFINITION_FIELDS.has(field)) errors[field] = ["Unknown field."];
  const modelToolName = definition.modelToolName ?? name;
  if (
    (definition.modelToolName !== undefined || typeof name === "string") &&
    !(typeof modelToolName === "string" && MODEL_TOOL_NAME.test(modelToolName))
  ) {
    errors.modelToolName = [
      definition.modelToolName === undefined
        ? "This field is required when the tool's name does not match ^[a-zA-Z0-9_-]{1,64}$."
        : "Must match ^[a-zA-Z0-9_-]{1,64}$.",
    ];
  }
  const implementations = IMPLEMENTATIONS.filter((field) => definition[field] !== undefined && definition[field] !== null);
  if (implementations.length !== 1) errors.non_field_errors = ["Exactly one implementation (http, client or dataConnection) must be set."];
  for (const field of implementations) if (!isObject(definition[field])) errors[field] = ["Expected an object."];
  if (isObject(definition.http)) {
    const http = httpErrors(definition.http);
    if (http) errors.http = http;
  }
  const bodyOnly = implementations.length === 1 && implementations[0] !== "http";
  for (const field of ["dynamicParameters", "staticParameters", "automaticParameters"]) {
    const parameters = parameterErrors(definition[field], field === "automaticParameters", bodyOnly);
    if (parameters) errors[field] = parameters;
  }
  if (definition.timeout !== undefined && !(typeof definition.timeout === "string" && DURATION.test(definition.timeout))) {
    errors.timeout = ['Must be a duration in seconds, such as "10s".'];
  }
  if (definition.defaultReaction !== undefined && !REACTIONS.includes(definition.defaultReaction as string)) {
    errors.defaultReaction = [`${JSON.stringify(definition.defaultReaction)} is not a valid choice.`];
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function httpErrors(http: Record<string, unknown>): DrfErrors | undefined {
  const errors: DrfErrors = {};
  const url =
    textErrors(http.baseUrlPattern) ?? (isHttpUrl(http.baseUrlPattern as string) ? undefined : ["Enter a valid http or https URL."]);
  if (url) errors.baseUrlPattern = url;
  const method =
    textErrors(http.httpMethod) ?? (HTTP_METHODS.includes(http.httpMethod as string) ? undefined : [`One of ${HTTP_METHODS.join(", ")}.`]);
  if (method) errors.httpMethod = method;
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** A list's errors as DRF gives a nested list's: one entry per item, `{}` for an item without any. */
function parameterErrors(parameters: unknown, automatic: boolean, bodyOnly: boolean): unknown {
  if (parameters === undefined || parameters === null) return undefined;
  if (!Array.isArray(parameters)) return ["Expected a list of items."];
  const errors = parameters.map((parameter: unknown) => {
    if (!isObject(parameter)) return { non_field_errors: ["Expected an object."] };
    const found: DrfErrors = {};
    const name = textErrors(parameter.name);
    if (name) found.name = name;
    if (!LOCATIONS.includes(parameter.location as string)) found.location = [`One of ${LOCATIONS.join(", ")}.`];
    else if (bodyOnly && parameter.location !== "PARAMETER_LOCATION_BODY") {
      found.location = ["Only body parameters are allowed for client and data connection tools."];
    }
    if (automatic && (typeof parameter.knownValue !== "string" || parameter.knownValue.endsWith("_UNSPECIFIED"))) {
      found.knownValue = ["This field is required."];
    }
    if (!automatic && parameter.schema !== undefined && !isObject(parameter.schema)) found.schema = ["Expected an object."];
    return found;
  });
  return errors.some((e) => Object.keys(e).length > 0) ? errors : undefined;
}

// --- the route ---------------------------------------------------------------------------------

export const toolsRoute: ObjectRoute<ToolStore> = {
  name: "tools",
  pattern: /^\/api\/tools(?:\/([^/]+))?\/?$/,
  store: () => new ToolStore(),
  handle(store, request) {
    const [toolId] = request.params;
    const { method } = request;
    if (toolId === undefined) {
      return byMethod(method, {
        GET: () => listTools(store, request.query),
        POST: () => {
          const body = objectBody(request);
          return body ? written(store.write(body), 201) : NOT_AN_OBJECT;
        },
      });
    }
    const own = store.get(toolId);
    const tool = own ?? BUILT_IN_TOOLS.find((t) => t.toolId === toolId);
    return byMethod(method, {
      GET: () => (tool ? { status: 200, body: presentTool(tool, own ? "private" : "public") } : NOT_FOUND),
      PUT: () => {
        if (!own) return tool ? FORBIDDEN : NOT_FOUND;
        const body = objectBody(request);
        return body ? written(store.write(body, own), 200) : NOT_AN_OBJECT;
      },
      DELETE: () => {
        if (!own) return tool ? FORBIDDEN : NOT_FOUND;
        store.delete(toolId);
        return { status: 204 };
      },
    });
  },
};

function written(result: { tool: StoredTool } | { errors: DrfErrors }, status: number): Answer {
  return "errors" in result ? { status: 400, body: result.errors } : { status, body: presentTool(result.tool, "private") };
}

const SORT_ORDERS = ["display", "alphabetic", "reverseAlphabetic", "chronologic", "reverseChronologic", "default"];

/** `GET /api/tools`: the account's tools and the built-in ones, filtered by `ownership` and `search`, in `sortOrder`. */
function listTools(store: ToolStore, query: URLSearchParams): Answer {
  const choices = { ownership: ["private", "public"], sortOrder: SORT_ORDERS };
  for (const [param, allowed] of Object.entries(choices)) {
    const value = query.get(param);
    if (value !== null && !allowed.includes(value)) {
      return { status: 400, body: { [param]: [`Select a valid choice. ${value} is not one of the available choices.`] } };
    }
  }
  const search = (query.get("search") ?? "").toLowerCase();
  const shown = (tool: StoredTool) => tool.name.toLowerCase().includes(search);
  const own = query.get("ownership") === "public" ? [] : store.all().filter(shown);
  const builtIn = query.get("ownership") === "private" ? [] : BUILT_IN_TOOLS.filter(shown);
  const present = (tools: StoredTool[], ownership: "private" | "public") => tools.map((t) => presentTool(t, ownership));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const oldestFirst = [...present(builtIn, "public"), ...present(own, "private")];
  const ordered: Record<string, () => ReturnType<typeof presentTool>[]> = {
    chronologic: () => oldestFirst,
    reverseChronologic: () => [...oldestFirst].reverse(),
    alphabetic: () => [...oldestFirst].sort(byName),
    reverseAlphabetic: () => [...oldestFirst].sort(byName).reverse(),
    display: () => [...present(builtIn, "public").sort(byName), ...present(own, "private").reverse()],
    default: () => [...present(own, "private").reverse(), ...present(builtIn, "public").reverse()],
  };
  return page(ordered[query.get("sortOrder") ?? "default"](), query, "/api/tools");
}

/** A tool as the API answers with it: the server's defaults filled into its definition. */
function presentTool(tool: StoredTool, ownership: "private" | "public") {
  const definition = {
    modelToolName: tool.name,
    timeout: DEFAULT_TIMEOUT,
    defaultReaction: DEFAULT_REACTION,
    ...structuredClone(tool.definition),
  };
  return { toolId: tool.toolId, name: tool.name, created: tool.created, definition, ownership };
}
