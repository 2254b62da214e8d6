/**
 * The emulator's agents (`/api/agents`, `/api/agents/<id>`): how an agent is validated, stored
 * and answered. The stored call template is what was sent, as Ultravox keeps it: the temperature
 * a float32, durations in a canonical form, `created`/`updated` set by the server. Answers fill
 * in the server's defaults and never show the write-only `sharedSecrets`.
 */
import { randomUUID } from "node:crypto";
import type { DrfErrors } from "./carriers";
import { canonicalDuration, withoutNulls, withoutProto3Defaults } from "./protobuf";
import { NOT_AN_OBJECT, NOT_FOUND, isObject, notAllowed, objectBody, page, textErrors } from "./routes";

export type CallTemplate = Record<string, unknown>;

export interface StoredAgent {
  agentId: string;
  publishedRevisionId: string | null;
  name: string;
  created: string;
  /** As stored: `sharedSecrets` included, no defaults filled in, `created` and `updated` always set. */
  callTemplate: CallTemplate;
  statistics: { calls: number };
}

/** What a PATCH may do to the stored call template; see `EmulatorOptions.agentPatch`. */
export const AGENT_PATCH_MODES = ["merge", "merge-ignoring-null", "replace"] as const;
export type AgentPatchMode = (typeof AGENT_PATCH_MODES)[number];

/** The fields of an agent a client (or someone in the console) may set. */
export interface AgentChanges {
  name?: unknown;
  callTemplate?: unknown;
}

export interface AgentRequest {
  method: string;
  /** The `<id>` of `/api/agents/<id>`; undefined for the collection. */
  agentId: string | undefined;
  body: unknown;
  /** The body was not JSON. */
  bodyError: boolean;
  /** `search`, `cursor` and `pageSize` of a list. */
  query?: URLSearchParams;
}

export interface AgentAnswer {
  status: number;
  body?: unknown;
}

const MAX_NAME = 64;

/** Fields holding a `google.protobuf.Duration`: `[]` steps into each element of a list. */
const DURATION_FIELDS = [
  "joinTimeout",
  "maxDuration",
  "vadSettings.turnEndpointDelay",
  "vadSettings.minimumTurnDuration",
  "vadSettings.minimumInterruptionDuration",
  "inactivityMessages[].duration",
  "firstSpeakerSettings.agent.delay",
  "firstSpeakerSettings.user.fallback.delay",
].map((path) => path.split(/\.|(?=\[\])/));

// --- the routes --------------------------------------------------------------------------------

/** One request to `/api/agents[/<id>]` of an account, already authenticated. */
export function agentsRoute(agents: Map<string, StoredAgent>, request: AgentRequest, mode: AgentPatchMode): AgentAnswer {
  const { method, agentId } = request;
  if (agentId === undefined) {
    if (method === "GET") return listAgents(agents, request.query ?? new URLSearchParams());
    if (method === "POST") return createAgent(agents, request);
  } else {
    const agent = agents.get(agentId);
    if (method === "GET") return agent ? { status: 200, body: presentAgent(agent) } : NOT_FOUND;
    if (method === "PATCH") return agent ? patchAgent(agents, agent, request, mode) : NOT_FOUND;
    if (method === "DELETE") return agents.delete(agentId) ? { status: 204 } : NOT_FOUND;
  }
  return notAllowed(method);
}

/**
 * `GET /api/agents`: DRF's search filter (`search`: the name contains it, ignoring case) and cursor
 * pagination.
 */
function listAgents(agents: Map<string, StoredAgent>, query: URLSearchParams): AgentAnswer {
  const search = (query.get("search") ?? "").toLowerCase();
  const matching = [...agents.values()].filter((a) => a.name.toLowerCase().includes(search));
  return page(matching.map(presentAgent), query, "/api/agents");
}

function createAgent(agents: Map<string, StoredAgent>, request: AgentRequest): AgentAnswer {
  const body = objectBody(request);
  if (!body) return NOT_AN_OBJECT;
  const errors = agentErrors(agents, body);
  if (errors) return { status: 400, body: errors };
  const agent = newAgent(body.name as string, body.callTemplate as CallTemplate | null | undefined);
  agents.set(agent.agentId, agent);
  return { status: 201, body: presentAgent(agent) };
}

function patchAgent(agents: Map<string, StoredAgent>, agent: StoredAgent, request: AgentRequest, mode: AgentPatchMode): AgentAnswer {
  const body = objectBody(request);
  if (!body) return NOT_AN_OBJECT;
  const errors = agentErrors(agents, body, agent);
  if (errors) return { status: 400, body: errors };
  const next = updateAgent(agent, body, mode);
  agents.set(next.agentId, next);
  return { status: 200, body: presentAgent(next) };
}

// --- validation --------------------------------------------------------------------------------

/** DRF-shaped errors for a POST body (no `self`) or a PATCH body of `self`, or undefined. */
export function agentErrors(agents: Map<string, StoredAgent>, body: AgentChanges, self?: StoredAgent): DrfErrors | undefined {
  const errors: DrfErrors = {};
  const name = self && body.name === undefined ? undefined : nameErrors(agents, body.name, self);
  if (name) errors.name = name;
  const template = body.callTemplate;
  if (template !== undefined && template !== null && !isObject(template)) errors.callTemplate = ["Expected an object or null."];
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function nameErrors(agents: Map<string, StoredAgent>, name: unknown, self: StoredAgent | undefined): string[] | undefined {
  const errors = textErrors(name, { max: MAX_NAME, blank: true });
  if (errors) return errors;
  const taken = [...agents.values()].some((a) => a.name === name && a.agentId !== self?.agentId);
  return taken ? ["An agent with this name already exists."] : undefined;
}

// --- writes ------------------------------------------------------------------------------------

/** A new agent, its call template stored as Ultravox stores one (null fields dropped). */
export function newAgent(name: string, callTemplate?: CallTemplate | null): StoredAgent {
  const template = writeTemplate(undefined, withoutNulls(callTemplate ?? {}) as CallTemplate);
  return {
    agentId: randomUUID(),
    publishedRevisionId: randomUUID(),
    name,
    created: template.created as string,
    callTemplate: template,
    statistics: { calls: 0 },
  };
}

/** The agent after a PATCH-shaped change: `name` replaced when given, the template patched by `mode`. */
export function updateAgent(agent: StoredAgent, changes: AgentChanges, mode: AgentPatchMode): StoredAgent {
  const template = changes.callTemplate === undefined ? agent.callTemplate : patchTemplate(agent.callTemplate, changes.callTemplate, mode);
  return {
    ...agent,
    name: typeof changes.name === "string" ? changes.name : agent.name,
    publishedRevisionId: randomUUID(),
    callTemplate: writeTemplate(agent.callTemplate, template),
  };
}

/** The template a PATCH leaves: `null` clears it, otherwise merged or replaced as `mode` says. */
function patchTemplate(stored: CallTemplate, patch: unknown, mode: AgentPatchMode): CallTemplate {
  if (patch === null || !isObject(patch)) return {};
  switch (mode) {
    case "merge":
      return mergePatch(stored, patch, false) as CallTemplate;
    case "merge-ignoring-null":
      return mergePatch(stored, patch, true) as CallTemplate;
    case "replace":
      return withoutNulls(patch) as CallTemplate;
  }
}

/**
 * A JSON merge patch (RFC 7386): objects merge recursively, a `null` removes the key, anything
 * else replaces. With `ignoreNull`, a `null` leaves the target's value, as a protobuf MergeFrom does.
 */
function mergePatch(target: unknown, patch: unknown, ignoreNull = false): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null) result[key] = mergePatch(result[key], value, ignoreNull);
    else if (!ignoreNull) delete result[key];
  }
  return result;
}

/** The template as stored after a write: canonical values, `created` kept, `updated` now. */
function writeTemplate(previous: CallTemplate | undefined, next: CallTemplate): CallTemplate {
  const { created: _created, updated: _updated, ...rest } = canonicalTemplate(next);
  const updated = timestamp(previous?.updated);
  return { created: typeof previous?.created === "string" ? previous.created : updated, updated, ...rest };
}

/**
 * The template as Ultravox keeps it: the temperature a float32, durations in canonical form, and
 * proto3 defaults ("", 0, false, an empty list, an enum's `_UNSPECIFIED`) not kept at all: proto3
 * cannot tell them from a field that is not set.
 */
function canonicalTemplate(template: CallTemplate): CallTemplate {
  const result = withoutProto3Defaults(structuredClone(template)) as CallTemplate;
  if (typeof result.temperature === "number") result.temperature = Math.fround(result.temperature);
  for (const path of DURATION_FIELDS) rewriteAt(result, path, canonicalDuration);
  return result;
}

/** Rewrites, in place, the value at `path` under `node` where there is one. */
function rewriteAt(node: unknown, path: string[], rewrite: (value: unknown) => unknown): void {
  const [head, ...rest] = path;
  if (head === "[]") {
    if (Array.isArray(node)) for (const item of node) rewriteAt(item, rest, rewrite);
  } else if (isObject(node) && node[head] !== undefined) {
    if (rest.length === 0) node[head] = rewrite(node[head]);
    else rewriteAt(node[head], rest, rewrite);
  }
}

/** Now, as ISO 8601, and always later than `after`: each write moves `updated`. */
function timestamp(after: unknown): string {
  const floor = typeof after === "string" ? Date.parse(after) + 1 : 0;
  return new Date(Math.max(Date.now(), floor)).toISOString();
}

// --- answers -----------------------------------------------------------------------------------

/** Server defaults of the call-template fields an answer always shows. */
function templateDefaults(): CallTemplate {
  return { model: "ultravox-v0.7", joinTimeout: "30.000s", maxDuration: "3600.000s", firstSpeakerSettings: { agent: {} } };
}

/** An agent as the API answers with it. */
function presentAgent(agent: StoredAgent): Record<string, unknown> {
  return {
    agentId: agent.agentId,
    publishedRevisionId: agent.publishedRevisionId,
    name: agent.name,
    created: agent.created,
    callTemplate: presentTemplate(agent.callTemplate),
    statistics: { ...agent.statistics },
  };
}

/** A stored template as answered: defaults filled in, the write-only `sharedSecrets` left out. */
function presentTemplate(template: CallTemplate): CallTemplate {
  const { sharedSecrets: _secrets, ...shown } = structuredClone(template);
  return { ...templateDefaults(), ...shown };
}

// --- faults ------------------------------------------------------------------------------------

/** The `echo-secrets` fault's 400 on an agent route: the submitted shared secrets and the API key, quoted. */
export function echoSubmittedSecrets(body: unknown, apiKey: string | undefined, pad: string): DrfErrors {
  const secrets = submittedSharedSecrets(body);
  return {
    callTemplate: { sharedSecrets: [`${pad}The shared secrets ${secrets.join(":")} were refused.`] },
    detail: `${pad}Request with key ${apiKey} failed; sharedSecrets were ${JSON.stringify(secrets)}.`,
  };
}

/** The shared secrets an agent request's body submits. */
export function submittedSharedSecrets(body: unknown): string[] {
  const template = isObject(body) && isObject(body.callTemplate) ? body.callTemplate : {};
  return Array.isArray(template.sharedSecrets) ? template.sharedSecrets.map(String) : [];
}

/** The `echo-stored` fault's 400 on an agent route: the shared secrets the agent holds now. */
export function echoStoredSecrets(agent: StoredAgent | undefined): DrfErrors {
  const held = agent?.callTemplate.sharedSecrets;
  const quoted = Array.isArray(held) ? held.map(String).join(", ") : "none";
  return { non_field_errors: [`The new shared secrets were refused; the agent keeps sharedSecrets ${quoted}.`] };
}
