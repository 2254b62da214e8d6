/**
 * The provider of the Agent resource (`/api/agents`).
 *
 *  - create POSTs the agent; the id is the agentId Ultravox generates. When the answer is lost
 *    (the agent may exist), it looks the agent up by name; if that cannot settle it, the state
 *    records the pending create (a provisional id) and the next `up`, `refresh` or `destroy` finds
 *    the agent and manages it, or creates it.
 *  - update PATCHes the name and the whole call template the program sets, every field the program
 *    stopped setting as null and `sharedSecrets` as an empty list (template.ts). If the answer shows
 *    Ultravox kept such a field (a PATCH that ignores null), the field is sent at its proto3 default;
 *    only a field without one (a duration, a nested message) makes it clear the template and write it
 *    again. An update cut short says what the agent was left with, and the state records that.
 *  - diff compares only what the program sets, by Ultravox's equivalences; a key of another account
 *    given as the resource's input replaces the agent. A change is answered DIFF_UNKNOWN, so that a
 *    preview shows the changed fields alone.
 *  - read projects what Ultravox holds onto the fields the program sets, so a console edit of the
 *    prompt or a tool shows property by property, and server defaults never do.
 * Every operation stays in the account the state records (account.ts).
 */
import { randomUUID } from "node:crypto";
import { accountOutputs, type AccountRecord } from "../core/account";
import type { ResponseShape, UltravoxClient } from "../core/client";
import { BadRequestError, IncompleteOperationError, mayHaveBeenApplied, NotFoundError, UltravoxError } from "../core/errors";
import { Redactor } from "../core/redact";
import { defined, UltravoxProvider, type DiffAnswer, type Props } from "../core/resource-provider";
import { API_KEY_INPUT } from "../core/settings";
import { containsUnknown, isPlainObject } from "../core/validate";
import { agentAnswer, agentInputs, agentList, clearingValue, refineAgent } from "./schema";
import { equivalent, maskCredentials, overlay, project, refreshed, removals, removedPaths, resolveCredentials, valueAt } from "./template";

/** An agent as the API answers it (only what this provider reads). */
interface RemoteAgent {
  agentId: string;
  name?: string;
  created?: string;
  publishedRevisionId?: string | null;
  callTemplate?: Props | null;
}

type Path = (string | number)[];

const SECRET_INPUTS = ["sharedSecrets", "secretValues"] as const;

/** The id a resource has while Ultravox's answer to its create is lost: `pending-create-<uuid>`. */
const PENDING_ID = "pending-create-";
/** The output recording a create whose answer was lost: when it was sent (ISO 8601). */
const PENDING_CREATE = "pendingCreateSentAt";
/** How far Ultravox's clock may be behind ours when telling an agent this create wrote. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Pages of `GET /api/agents` read at most when looking an agent up by name. */
const MAX_PAGES = 50;

export class AgentProvider extends UltravoxProvider {
  private readonly response: ResponseShape<RemoteAgent> = { validator: agentAnswer, read: (body) => body as RemoteAgent };

  constructor() {
    super({
      className: "Agent",
      inputs: agentInputs,
      required: ["name"],
      refine: refineAgent,
      secretInputs: [...SECRET_INPUTS, API_KEY_INPUT],
      apiKeyInputs: [API_KEY_INPUT],
    });
  }

  protected normalize(inputs: Props): Props {
    return inputs;
  }

  async diff(_id: string, olds: Props, news: Props): Promise<DiffAnswer> {
    await this.stack();
    const secretUnknown = [...SECRET_INPUTS, API_KEY_INPUT].some((field) => containsUnknown(news[field]));
    if (secretUnknown || containsUnknown(news.name) || containsUnknown(news.callTemplate)) return { changes: true };
    const replaces = await this.accountMove(olds, news);
    if (replaces) return { changes: true, replaces };
    const connection = this.connectionChanged(olds, news);
    const changed = this.contentChanged(olds, news) || connection.apiKey || connection.baseUrl;
    // Any change is answered "unknown": the engine then diffs the inputs itself and shows just the
    // fields that changed (`~ callTemplate.systemPrompt`), secrets named as [secret], in previews and
    // refreshes alike, rather than every field of the template.
    return { changes: changed ? undefined : false };
  }

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const { api, account } = await this.connectNew(inputs);
    const remote = await this.post(api, inputs, account);
    return { id: remote.agentId, outs: this.outputs(inputs, remote, await account) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const { api, account } = await this.connect(news, olds);
    let agentId = agentIdOf(id, olds);
    if (agentId === undefined) {
      // A create whose answer was lost: the agent it wrote, if Ultravox has it, is this resource's.
      const found = await this.findCreated(api, olds);
      if (found === undefined) return { outs: this.outputs(news, await this.post(api, news, Promise.resolve(account)), account) };
      agentId = found.agentId;
    } else if (!this.contentChanged(olds, news)) {
      // Only the connection changed (a rotated key of the same account): nothing to send.
      return { outs: { ...olds, ...this.connectionState(news), ...accountOutputs(account) } };
    }
    const remote = await this.write(api, id, agentId, olds, news, account);
    return { outs: this.outputs(news, remote, account) };
  }

  async read(id: string, props: Props = {}): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const { api, account } = await this.connect(props, props);
    const agentId = agentIdOf(id, props) ?? (await this.findCreated(api, props))?.agentId;
    // Never created, or deleted outside Pulumi: an empty id tells the engine the resource is gone.
    if (agentId === undefined) return { id: "" };
    let remote: RemoteAgent;
    try {
      remote = (await api.request("GET", agentPath(agentId), { response: this.response, secrets: this.secretsIn(props) })).data;
    } catch (error) {
      if (error instanceof NotFoundError) return { id: "" };
      throw error;
    }
    const secretValues = (props.secretValues ?? {}) as Record<string, string>;
    const reported = maskCredentials(remote.callTemplate ?? undefined, props.callTemplate, secretValues);
    // A `get` has no recorded template: it takes the whole template as reported.
    const callTemplate = props.callTemplate === undefined ? reported : refreshed(props.callTemplate, project(props.callTemplate, reported));
    const state = this.outputs({ ...props, name: remote.name, callTemplate }, remote, account, reported);
    const inputs = defined({ name: state.name, callTemplate, ...pick(props, [...SECRET_INPUTS]), ...this.connectionState(props) });
    return { id: remote.agentId, props: state, inputs };
  }

  async delete(id: string, props: Props): Promise<void> {
    const { api } = await this.connect(props, props);
    const agentId = agentIdOf(id, props) ?? (await this.findCreated(api, props))?.agentId;
    if (agentId === undefined) return;
    try {
      await api.request("DELETE", agentPath(agentId), { secrets: this.secretsIn(props) });
    } catch (error) {
      // Already gone is what delete wants.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  /** True when the name, the template or a secret input differs (the connection aside). */
  private contentChanged(olds: Props, news: Props): boolean {
    return (
      SECRET_INPUTS.some((field) => !equivalent(olds[field], news[field])) ||
      olds.name !== news.name ||
      !equivalent(olds.callTemplate, news.callTemplate)
    );
  }

  /**
   * POSTs a new agent. When the answer is lost (the agent may exist), it looks for the agent by
   * name; when that cannot settle it, the state records the pending create.
   */
  private async post(api: UltravoxClient, desired: Props, account: Promise<AccountRecord>): Promise<RemoteAgent> {
    const sentAt = new Date().toISOString();
    try {
      return (
        await api.request("POST", "/api/agents", {
          body: this.body(desired, {}),
          response: this.response,
          secrets: this.secretsIn(desired),
        })
      ).data;
    } catch (error) {
      if (!mayHaveBeenApplied(error)) throw this.nameTaken(error, desired);
      const pending = { ...desired, [PENDING_CREATE]: sentAt };
      let found: RemoteAgent | undefined;
      let lookup: unknown;
      try {
        found = await this.findCreated(api, pending);
      } catch (lookupError) {
        lookup = lookupError;
      }
      if (found !== undefined) return found;
      const why = lookup === undefined ? "no agent of that name shows yet" : `looking for it failed too (${message(lookup)})`;
      throw new IncompleteOperationError(
        `${this.describe(desired)}: Ultravox may have created agent ${JSON.stringify(desired.name)}, but its answer was lost ` +
          `(${message(error)}), and ${why}. The state records the create as pending: the next \`pulumi up\` (or \`refresh\`, ` +
          "or `destroy`) finds that agent and manages it, or creates it if Ultravox has none.",
        { id: `${PENDING_ID}${randomUUID()}`, properties: { ...this.pendingOutputs(pending), ...accountOutputs(await account) } },
        new Redactor(this.secretsIn(desired)),
        error,
      );
    }
  }

  /**
   * The agent a create whose answer was lost wrote, if Ultravox has it: the one of that name
   * created after the create was sent (allowing for clock skew). Undefined when there is none.
   */
  private async findCreated(api: UltravoxClient, pending: Props): Promise<RemoteAgent | undefined> {
    const name = pending.name;
    const sentAt = Date.parse(String(pending[PENDING_CREATE]));
    if (typeof name !== "string" || Number.isNaN(sentAt)) return undefined;
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ search: name, pageSize: "100", ...(cursor ? { cursor } : {}) });
      const { data } = await api.request("GET", `/api/agents?${query.toString()}`, {
        response: agentList,
        secrets: this.secretsIn(pending),
      });
      const found = data.results.find((agent) => agent.name === name && Date.parse(agent.created ?? "") >= sentAt - CLOCK_SKEW_MS);
      if (found !== undefined) return found;
      // Only the cursor is taken from `next`: the request goes to the configured base URL, never to the URL an answer names.
      cursor = data.next ? (new URL(data.next).searchParams.get("cursor") ?? undefined) : undefined;
      if (cursor === undefined) return undefined;
    }
    return undefined;
  }

  /**
   * The update's requests: one PATCH of everything the program sets; then, for fields it removed
   * that Ultravox kept (a PATCH that ignores null), their proto3 defaults; then, only for such
   * fields that have none, the template cleared and written whole. An update cut short after a
   * write fails with the agent's state as it was left.
   */
  private async write(
    api: UltravoxClient,
    id: string,
    agentId: string,
    olds: Props,
    news: Props,
    account: AccountRecord,
  ): Promise<RemoteAgent> {
    const path = agentPath(agentId);
    const options = { response: this.response, secrets: this.secretsIn(news, olds) };
    let remote: RemoteAgent;
    try {
      remote = (await api.request("PATCH", path, { ...options, body: this.body(news, olds) })).data;
    } catch (error) {
      throw this.nameTaken(error, news);
    }
    let kept = keptRemovedFields(olds.callTemplate, news.callTemplate, remote.callTemplate);
    if (kept.length === 0) return remote;
    const cutShort = (error: unknown, leftWith: string, left: RemoteAgent) =>
      new IncompleteOperationError(
        `${this.describe(news)}: the update was cut short (${message(error)}). ${leftWith} The state records the agent as it ` +
          "is now: the next `pulumi up` finishes the update.",
        { id, properties: { ...this.outputs(news, left, account, undefined, olds), __provider: news.__provider } },
        new Redactor(options.secrets),
        error,
      );
    const clearable = kept.flatMap((path) => {
      const clearing = clearingValue(path);
      return clearing ? [{ path, value: clearing.value }] : [];
    });
    if (clearable.length > 0) {
      const patch = clearable.reduce<Props>((body, { path, value }) => setAt(body, path, value), {});
      try {
        remote = (await api.request("PATCH", path, { ...options, body: { callTemplate: patch } })).data;
      } catch (error) {
        throw cutShort(error, `The agent has the new template, but still holds ${fieldList(kept)}, which this update removes.`, remote);
      }
      kept = keptRemovedFields(olds.callTemplate, news.callTemplate, remote.callTemplate);
      if (kept.length === 0) return remote;
    }
    // Fields that no value clears (a duration, a nested message): start the template afresh, then write it whole.
    try {
      remote = (await api.request("PATCH", path, { ...options, body: { callTemplate: null } })).data;
    } catch (error) {
      throw cutShort(error, `The agent has the new template, but still holds ${fieldList(kept)}, which this update removes.`, remote);
    }
    try {
      return (await api.request("PATCH", path, { ...options, body: this.body(news, {}) })).data;
    } catch (error) {
      throw cutShort(
        error,
        "Ultravox cleared the agent's call template to remove fields it kept, and writing it again failed: the agent has NO call " +
          "template now (no prompt, no tools, no voice). Run `pulumi up` again to write it.",
        remote,
      );
    }
  }

  /** The request body: the name and the template with its credentials and shared secrets in, removed fields null. */
  private body(desired: Props, olds: Props): Props {
    const secretValues = (desired.secretValues ?? {}) as Record<string, string>;
    const template = resolveCredentials(desired.callTemplate ?? {}, secretValues) as Props;
    const removed = removals(olds.callTemplate, desired.callTemplate);
    // An empty list, not null: a PATCH that ignores null keeps the old secret, and it is never returned to tell.
    const shared = desired.sharedSecrets ?? (olds.sharedSecrets !== undefined ? [] : undefined);
    const callTemplate = overlay(defined({ ...template, sharedSecrets: shared }), removed);
    return { name: desired.name, callTemplate };
  }

  /**
   * Outputs: what the program set (secrets included), and what Ultravox reports. With `olds` (an
   * update cut short), the template is what Ultravox holds at the fields either side sets.
   */
  private outputs(desired: Props, remote: RemoteAgent, account: AccountRecord, reported?: unknown, olds?: Props): Props {
    const secretValues = (desired.secretValues ?? {}) as Record<string, string>;
    const masked = reported ?? maskCredentials(remote.callTemplate ?? undefined, desired.callTemplate, secretValues);
    const callTemplate = olds === undefined ? desired.callTemplate : project(union(olds.callTemplate, desired.callTemplate), masked);
    return defined({
      agentId: remote.agentId,
      name: remote.name ?? desired.name,
      created: remote.created,
      publishedRevisionId: remote.publishedRevisionId,
      callTemplate,
      reportedCallTemplate: masked,
      ...pick(desired, [...SECRET_INPUTS]),
      ...this.connectionState(desired),
      ...accountOutputs(account),
    });
  }

  /** What the state holds for a create whose answer was lost: what was sent, and when. */
  private pendingOutputs(pending: Props): Props {
    return defined({
      name: pending.name,
      callTemplate: pending.callTemplate,
      [PENDING_CREATE]: pending[PENDING_CREATE],
      ...pick(pending, [...SECRET_INPUTS]),
      ...this.connectionState(pending),
      __provider: pending.__provider,
    });
  }

  /** A 400 about the name that says it exists, told in the resource's terms. */
  private nameTaken(error: unknown, desired: Props): unknown {
    if (!(error instanceof BadRequestError)) return error;
    const taken = error.fieldMessages.some((f) => f.property === "name" && /exist/i.test(f.message));
    if (!taken) return error;
    return new UltravoxError(
      `${this.describe(desired)}: an agent named ${JSON.stringify(desired.name)} already exists in this Ultravox account (agent ` +
        "names are unique). If you renamed this resource in your program, Pulumi sees a new resource: keep its agent by adding " +
        '`aliases: [{ name: "<old name>" }]` to its resource options, with the name the resource had before. Otherwise give ' +
        "this Agent another name, or read the existing agent without managing it with Agent.get(name, agentId).",
      undefined,
      error,
    );
  }
}

function agentPath(id: string): string {
  return `/api/agents/${encodeURIComponent(id)}`;
}

/** The agent's id: the resource's, unless that is provisional (a create whose answer was lost). */
function agentIdOf(id: string, props: Props): string | undefined {
  if (!id.startsWith(PENDING_ID)) return id;
  return typeof props.agentId === "string" ? props.agentId : undefined;
}

function pick(props: Props, keys: readonly string[]): Props {
  return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The fields the program stopped setting whose old value the answer still holds. */
function keptRemovedFields(before: unknown, after: unknown, answer: unknown): Path[] {
  return removedPaths(removals(before, after)).filter((path) => {
    const old = valueAt(before, path);
    return !equivalent(old, undefined) && equivalent(valueAt(answer, path), old);
  });
}

function fieldList(paths: Path[]): string {
  return paths.map((p) => `callTemplate.${p.join(".")}`).join(", ");
}

/** `body` with `value` at `path` (objects made on the way). */
function setAt(body: Props, path: Path, value: unknown): Props {
  const [head, ...rest] = path;
  const key = String(head);
  return { ...body, [key]: rest.length === 0 ? value : setAt(isPlainObject(body[key]) ? body[key] : {}, rest, value) };
}

/** A shape with every field either template sets. */
function union(a: unknown, b: unknown): unknown {
  if (isPlainObject(a) && isPlainObject(b)) {
    return Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, union(a[k], b[k])]));
  }
  return b ?? a;
}
