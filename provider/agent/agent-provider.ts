/**
 * The provider of the Agent resource (`/api/agents`).
 *
 *  - create POSTs the agent; the id is the agentId Ultravox generates.
 *  - update PATCHes the name and the whole call template the program sets, every field the program
 *    stopped setting as null (template.ts); if the answer shows Ultravox kept such a field (a PATCH
 *    that ignores null), the template is cleared and written again.
 *  - diff compares only what the program sets, by Ultravox's equivalences; never a replacement.
 *    A change is answered DIFF_UNKNOWN, so that a preview shows the changed fields alone.
 *  - read projects what Ultravox holds onto the fields the program sets, so a console edit of the
 *    prompt or a tool shows property by property, and server defaults never do.
 */
import type { ResponseShape } from "../core/client";
import { BadRequestError, NotFoundError, UltravoxError } from "../core/errors";
import { defined, UltravoxProvider, type DiffAnswer, type Props } from "../core/resource-provider";
import { API_KEY_INPUT } from "../core/settings";
import { containsUnknown } from "../core/validate";
import { agentAnswer, agentInputs, refineAgent } from "./schema";
import { equivalent, maskCredentials, overlay, project, refreshed, removals, removedPaths, resolveCredentials, valueAt } from "./template";

/** An agent as the API answers it (only what this provider reads). */
interface RemoteAgent {
  agentId: string;
  name?: string;
  created?: string;
  publishedRevisionId?: string | null;
  callTemplate?: Props | null;
}

const SECRET_INPUTS = ["sharedSecrets", "secretValues"] as const;

export class AgentProvider extends UltravoxProvider {
  private readonly response: ResponseShape<RemoteAgent> = { validator: agentAnswer, read: (body) => body as RemoteAgent };

  constructor() {
    super({
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
    const connection = this.connectionChanged(olds, news);
    const secretUnknown = [...SECRET_INPUTS, API_KEY_INPUT].some((field) => containsUnknown(news[field]));
    if (secretUnknown || containsUnknown(news.name) || containsUnknown(news.callTemplate)) return { changes: true };
    const changed =
      SECRET_INPUTS.some((field) => !equivalent(olds[field], news[field])) ||
      connection.apiKey ||
      connection.baseUrl ||
      olds.name !== news.name ||
      !equivalent(olds.callTemplate, news.callTemplate);
    // Any change is answered "unknown": the engine then diffs the inputs itself and shows just the
    // fields that changed (`~ callTemplate.systemPrompt`), secrets named as [secret], in previews and
    // refreshes alike, rather than every field of the template.
    return { changes: changed ? undefined : false };
  }

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const api = await this.client(inputs);
    let remote: RemoteAgent;
    try {
      remote = (
        await api.request("POST", "/api/agents", { body: this.body(inputs, {}), response: this.response, secrets: this.secretsIn(inputs) })
      ).data;
    } catch (error) {
      throw duplicateName(error, inputs.name);
    }
    return { id: remote.agentId, outs: this.outputs(inputs, remote) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const api = await this.client(news);
    const options = { response: this.response, secrets: this.secretsIn(news, olds) };
    const path = agentPath(id);
    let remote: RemoteAgent;
    try {
      remote = (await api.request("PATCH", path, { ...options, body: this.body(news, olds) })).data;
      if (keptRemovedFields(olds.callTemplate, news.callTemplate, remote.callTemplate)) {
        // This PATCH merged without clearing: start the template afresh, then write it whole.
        await api.request("PATCH", path, { ...options, body: { callTemplate: null } });
        remote = (await api.request("PATCH", path, { ...options, body: this.body(news, {}) })).data;
      }
    } catch (error) {
      throw duplicateName(error, news.name);
    }
    return { outs: this.outputs(news, remote) };
  }

  async read(id: string, props: Props = {}): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const api = await this.client(props);
    let remote: RemoteAgent;
    try {
      remote = (await api.request("GET", agentPath(id), { response: this.response, secrets: this.secretsIn(props) })).data;
    } catch (error) {
      // Deleted outside Pulumi: an empty id tells the engine the resource is gone.
      if (error instanceof NotFoundError) return { id: "" };
      throw error;
    }
    const secretValues = (props.secretValues ?? {}) as Record<string, string>;
    const reported = maskCredentials(remote.callTemplate ?? undefined, props.callTemplate, secretValues);
    // A `get` has no recorded template: it takes the whole template as reported.
    const callTemplate = props.callTemplate === undefined ? reported : refreshed(props.callTemplate, project(props.callTemplate, reported));
    const state = this.outputs({ ...props, name: remote.name, callTemplate }, remote, reported);
    const inputs = defined({ name: state.name, callTemplate, ...pick(props, [...SECRET_INPUTS]), ...this.connectionState(props) });
    return { id: remote.agentId, props: state, inputs };
  }

  async delete(id: string, props: Props): Promise<void> {
    const api = await this.client(props);
    try {
      await api.request("DELETE", agentPath(id), { secrets: this.secretsIn(props) });
    } catch (error) {
      // Already gone is what delete wants.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  /** The request body: the name and the template with its credentials and shared secrets in, removed fields null. */
  private body(desired: Props, olds: Props): Props {
    const secretValues = (desired.secretValues ?? {}) as Record<string, string>;
    const template = resolveCredentials(desired.callTemplate ?? {}, secretValues) as Props;
    const removed = removals(olds.callTemplate, desired.callTemplate);
    const shared = desired.sharedSecrets ?? (olds.sharedSecrets !== undefined ? null : undefined);
    const callTemplate = overlay(defined({ ...template, sharedSecrets: shared }), removed);
    return { name: desired.name, callTemplate };
  }

  /** Outputs: what the program set (secrets included), and what Ultravox reports. */
  private outputs(desired: Props, remote: RemoteAgent, reported?: unknown): Props {
    const secretValues = (desired.secretValues ?? {}) as Record<string, string>;
    return defined({
      agentId: remote.agentId,
      name: remote.name ?? desired.name,
      created: remote.created,
      publishedRevisionId: remote.publishedRevisionId,
      callTemplate: desired.callTemplate,
      reportedCallTemplate: reported ?? maskCredentials(remote.callTemplate ?? undefined, desired.callTemplate, secretValues),
      ...pick(desired, [...SECRET_INPUTS]),
      ...this.connectionState(desired),
    });
  }
}

function agentPath(id: string): string {
  return `/api/agents/${encodeURIComponent(id)}`;
}

function pick(props: Props, keys: readonly string[]): Props {
  return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/** True when the answer still holds, at a field the program stopped setting, the value it set before. */
function keptRemovedFields(before: unknown, after: unknown, answer: unknown): boolean {
  return removedPaths(removals(before, after)).some((path) => {
    const old = valueAt(before, path);
    return !equivalent(old, undefined) && equivalent(valueAt(answer, path), old);
  });
}

/** A 400 about the name that says it exists, told in the resource's terms. */
function duplicateName(error: unknown, name: unknown): unknown {
  if (!(error instanceof BadRequestError)) return error;
  const taken = error.fieldMessages.some((f) => f.property === "name" && /exist/i.test(f.message));
  if (!taken) return error;
  return new UltravoxError(
    `An agent named ${JSON.stringify(name)} already exists in this Ultravox account: agent names are unique. ` +
      "Give this Agent another name, or, to use the existing agent without managing it, read it with Agent.get(name, agentId).",
    undefined,
    error,
  );
}
