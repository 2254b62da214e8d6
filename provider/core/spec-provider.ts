/**
 * The provider of every resource class, driven by the resource's spec (spec.ts). One instance per
 * class lives in its `methods` module; Pulumi's serialized handle (handle.ts) loads that module and
 * calls the instance.
 *
 *  - check: the spec's zod inputs plus the connection inputs; null means "not set"; failures never
 *    print a secret; an API key from somewhere.
 *  - diff: each field by its kind (compare.ts), secrets and the connection; any change answered
 *    DIFF_UNKNOWN, so that the engine shows just the leaves that changed, secrets as [secret]; a
 *    key of another account given as the resource's input, or a changed read-only input, replaces.
 *  - create: POST (a collection's object) or PATCH-or-POST (a singleton). A POST whose answer was
 *    lost is recovered by the object's unique name, or recorded as pending for the next operation.
 *  - read: what Ultravox holds, each field read back by its kind; a drifted secret seen through
 *    its prefix; gone (404) is an empty id.
 *  - update: one PATCH or PUT (or the spec's own write); only the connection changed: no request.
 *  - delete: DELETE (404 is done), or the singleton's reset; a singleton another resource wrote in
 *    this deployment is left to it.
 * Every operation stays in the account the state records (account.ts).
 */
import { randomUUID } from "node:crypto";
import type { dynamic } from "@pulumi/pulumi";
import * as z from "zod/mini";
import { ADOPT_INPUT, adoptionIssues } from "./adopt";
import { AccountMismatchError, accountOf, accountOutputs, connectionFingerprint, recordedAccount, type AccountRecord } from "./account";
import { checkBaseUrl } from "./base-url";
import { issuesOf, toCheckFailures, type CheckFailure, type Issue } from "./check";
import type { ResponseShape, UltravoxClient } from "./client";
import { readBack, sameValue } from "./compare";
import { API_KEY_HELP, IncompleteOperationError, mayHaveBeenApplied, NotFoundError, UltravoxError } from "./errors";
import { notice } from "./notice";
import { propertyPath } from "./property-path";
import { Redactor } from "./redact";
import {
  API_KEY_INPUT,
  connectionInputs,
  connectionOf,
  hasApiKey,
  ProviderSettings,
  resolveConnection,
  type StackConfig,
  type StackSettings,
} from "./settings";
import { otherWriter, recordWrite } from "./singletons";
import type { CollectionApi, Props, RemoteRead, ResourceSpec, SingletonApi } from "./spec";
import { containsUnknown, isUnknown, withoutNulls } from "./values";
import { trimmedString } from "./formats";
import { afterRead, secretDiffers, stateAfterWrite, valueToSend } from "./write-only-secret";

/** The key under which Pulumi passes the serialized provider in every request's properties. */
const PROVIDER_KEY = "__provider";

/**
 * The input every resource class adds: the resource's name in the program. Never sent to Ultravox;
 * it names the resource in messages, and tells a renamed resource from the one it replaces.
 */
export const NAME_INPUT = "__programName";

/** The id a resource has while Ultravox's answer to its create is lost: `pending-create-<uuid>`. */
const PENDING_ID = "pending-create-";
/** The output recording a create whose answer was lost: when it was sent (ISO 8601). */
const PENDING_CREATE = "pendingCreateSentAt";
/** How far Ultravox's clock may be behind ours when telling an object a lost create wrote. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Pages of a list read at most when looking an object up by name. */
const MAX_PAGES = 50;

/** What `diff` answers. */
export interface DiffAnswer {
  /**
   * undefined (DIFF_UNKNOWN): something changed, and the engine diffs the stored and the new inputs
   * itself, in plaintext, to show just the leaves that changed (a secret as `~ authToken: [secret]
   * => [secret]`, which a plain "changed" would hide); false: nothing to do; true: a change whose
   * value is not known yet (preview), or a replacement.
   */
  changes: boolean | undefined;
  /** Inputs whose change replaces the resource. */
  replaces?: string[];
}

/** Pulumi rejects `undefined` inside outputs ("Unexpected struct type"): such keys are left out. */
export function defined(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

export class SpecProvider implements dynamic.ResourceProvider<Props, Props> {
  private readonly settings = new ProviderSettings();
  private inputSchema: z.ZodMiniObject | undefined;
  /** Inputs Pulumi must never print as `value {...}`: the secrets, and a URL that may hold a password. */
  private readonly unprintable: ReadonlySet<string>;
  private readonly secretInputs: readonly string[];
  private readonly apiKeyInputs: readonly string[];
  /** Objects `adopt` names, read by check, for the create of the same process. */
  private readonly adoptions = new Map<string, Promise<RemoteRead | undefined>>();

  /** @param apiKeyInputs inputs that may hold the resource's Ultravox key, in order of precedence. */
  constructor(
    readonly spec: ResourceSpec,
    apiKeyInputs: readonly string[] = [API_KEY_INPUT],
  ) {
    this.apiKeyInputs = apiKeyInputs;
    this.secretInputs = [...spec.secretInputs, ...(spec.prefixedSecrets ?? []).map((s) => s.field), ...apiKeyInputs];
    this.unprintable = new Set([...this.secretInputs, "baseUrl"]);
  }

  /** Takes Pulumi's `ConfigureRequest` (or anything with a `config.get`). */
  configure(req: { config: StackConfig }): Promise<void> {
    return this.settings.configure(req.config);
  }

  // --- check ---------------------------------------------------------------------------------

  async check(olds: Props, news: Props): Promise<dynamic.CheckResult<Props>> {
    const stack = await this.settings.current();
    const raw = withoutNulls(
      Object.fromEntries(Object.entries(news).filter(([key]) => key !== PROVIDER_KEY && key !== NAME_INPUT)),
    ) as Props;
    const { failures, withheld } = this.failures(raw, stack);
    // The engine discards the inputs of a failed check; still, none of them may carry a credential out.
    if (failures.length > 0) return { inputs: Object.fromEntries(Object.entries(news).filter(([k]) => !withheld.has(k))), failures };
    const inputs = this.spec.normalize ? this.spec.normalize(raw) : raw;
    const baseUrl = typeof inputs.baseUrl === "string" && !isUnknown(inputs.baseUrl) ? checkBaseUrl(inputs.baseUrl) : undefined;
    if (baseUrl?.ok) inputs.baseUrl = baseUrl.url;
    if (typeof news[NAME_INPUT] === "string") inputs[NAME_INPUT] = news[NAME_INPUT];
    return this.checkAdoption(olds, inputs);
  }

  /**
   * `adopt` (adopt.ts): once adopted (the state has it), the stored value stays, whatever the
   * program says now; before, the object is read (one request) and the program must match it.
   */
  private async checkAdoption(olds: Props, inputs: Props): Promise<dynamic.CheckResult<Props>> {
    const { api: shape } = this.spec;
    if (shape.kind !== "collection" || shape.adoptable === false) return { inputs };
    if (typeof olds[ADOPT_INPUT] === "string") return { inputs: { ...inputs, [ADOPT_INPUT]: olds[ADOPT_INPUT] } };
    const id = inputs[ADOPT_INPUT];
    if (typeof id !== "string" || containsUnknown(inputs)) return { inputs };
    const remote = await this.adopted(shape, inputs);
    const object = `the ${shape.what} ${id}`;
    if (remote === undefined) {
      return {
        inputs,
        failures: [
          {
            property: ADOPT_INPUT,
            reason: `${ADOPT_INPUT}: there is no ${shape.what} ${id} in this account (is it the id of another kind of object?)`,
          },
        ],
      };
    }
    const issues = adoptionIssues(this.spec.fields, inputs, remote.fields, object, (path) => this.spec.sensitive?.(path) === true);
    return issues.length === 0
      ? { inputs }
      : { inputs, failures: toCheckFailures(issues, { input: inputs, unprintable: this.unprintable }) };
  }

  /** The object `adopt` names, as Ultravox holds it (read once per process: check and create share it); undefined when there is none. */
  private adopted(shape: CollectionApi, inputs: Props): Promise<RemoteRead | undefined> {
    const path = `${shape.path(inputs)}/${encodeURIComponent(String(inputs[ADOPT_INPUT]))}`;
    let pending = this.adoptions.get(path);
    if (pending === undefined) {
      pending = this.client(inputs).then(async (api) => {
        try {
          return (await api.request("GET", path, { response: this.response(inputs), secrets: this.secretsIn(inputs) })).data;
        } catch (error) {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }
      });
      pending.catch(() => this.adoptions.delete(path));
      this.adoptions.set(path, pending);
    }
    return pending;
  }

  /** The check's failures, and the inputs that may hold a credential in clear (never handed back). */
  private failures(raw: Props, stack: StackSettings): { failures: CheckFailure[]; withheld: Set<string> } {
    const secret = new Set(this.secretInputs);
    const sensitive = (path: (string | number)[]) => this.spec.sensitive?.(path) === true;
    const issues = issuesOf(this.schema(), raw, sensitive, (path) => secret.has(String(path[0])));
    const given = this.apiKeyInputs.filter((name) => raw[name] !== undefined);
    if (given.length > 1) {
      issues.push({
        path: [given[1]],
        message: `is the deprecated name of ${API_KEY_INPUT}: give the Ultravox API key as ${API_KEY_INPUT} only`,
      });
    }
    // The spec's rules run on whatever the program gave; a path the schema already found wrong is not reported twice.
    const reported = new Set(issues.map((issue) => propertyPath(issue.path)));
    issues.push(...(this.spec.refine?.(raw) ?? []).filter((issue) => !reported.has(propertyPath(issue.path))));
    const failures = toCheckFailures(issues, { input: raw, unprintable: this.unprintable });
    if (failures.length === 0 && !hasApiKey(connectionOf(raw, this.apiKeyInputs), stack)) {
      failures.push({ property: "", reason: `${API_KEY_INPUT}: no Ultravox API key is configured. ${API_KEY_HELP}` });
    }
    const withheld = new Set([...this.unprintable, ...issues.filter((i) => i.sensitive).map((i) => String(i.path[0]))]);
    return { failures, withheld };
  }

  private schema(): z.ZodMiniObject {
    if (this.inputSchema === undefined) {
      const connection = connectionInputs();
      // A legacy name for the key takes the same rule as ultravoxApiKey.
      const keys = Object.fromEntries(this.apiKeyInputs.map((name) => [name, z.optional(connection[API_KEY_INPUT])]));
      const { api: shape } = this.spec;
      const adopt: Record<string, z.ZodMiniType> =
        shape.kind === "collection" && shape.adoptable !== false ? { [ADOPT_INPUT]: z.optional(trimmedString) } : {};
      this.inputSchema = z.strictObject({ ...this.spec.inputs(), ...adopt, ...keys, baseUrl: z.optional(connection.baseUrl) });
    }
    return this.inputSchema;
  }

  /** The input names (the resource's own, and the connection's), for the docs test. */
  inputNames(): string[] {
    return Object.keys(this.schema().shape);
  }

  // --- diff ----------------------------------------------------------------------------------

  async diff(_id: string, olds: Props, news: Props): Promise<DiffAnswer> {
    await this.settings.current();
    const watched = [...Object.keys(this.spec.fields), ...this.secretInputs, "baseUrl"];
    if (watched.some((field) => containsUnknown(news[field]))) return { changes: true };
    const moved = await this.accountMove(olds, news);
    if (moved) return { changes: true, replaces: moved };
    const replaced = (this.spec.replaceOnChanges ?? []).filter(
      (field) => !sameValue(this.spec.fields[field] ?? "whole", olds[field], news[field]),
    );
    if (replaced.length > 0) return { changes: true, replaces: replaced };
    const connection = connectionOf(olds, this.apiKeyInputs);
    const next = connectionOf(news, this.apiKeyInputs);
    const changed = this.contentChanged(olds, news) || connection.apiKey !== next.apiKey || connection.baseUrl !== next.baseUrl;
    return { changes: changed ? undefined : false };
  }

  /** True when a field or a secret differs between the state and the desired inputs (the connection aside). */
  private contentChanged(olds: Props, news: Props): boolean {
    return (
      Object.entries(this.spec.fields).some(([field, kind]) => !sameValue(kind, olds[field], news[field])) ||
      this.spec.secretInputs.some((field) => !sameValue("whole", olds[field], news[field])) ||
      (this.spec.prefixedSecrets ?? []).some((secret) => secretDiffers(secret, olds, news))
    );
  }

  /**
   * What the desired connection means for a resource the state records in an account: undefined
   * when it is the same account (or cannot be told), else the connection inputs whose change moves
   * the resource, which replace it. When none of its inputs changed (the stack's key or the
   * environment now opens another account) it throws AccountMismatchError. A request is sent only
   * when the connection's fingerprint is not the recorded one.
   */
  private async accountMove(olds: Props, news: Props): Promise<string[] | undefined> {
    const recorded = recordedAccount(olds);
    if (recorded.accountId === undefined) return undefined;
    const connection = resolveConnection(connectionOf(news, this.apiKeyInputs), await this.settings.current());
    if (connectionFingerprint(connection.baseUrl, connection.apiKey) === recorded.fingerprint) return undefined;
    const api = await this.client(news);
    // Not reachable (yet): the preview cannot tell, and the write itself will check again.
    const accountId = await accountOf(api).catch(() => undefined);
    if (accountId === undefined || accountId === recorded.accountId) return undefined;
    const moved = [...this.apiKeyInputs, "baseUrl"].filter((k) => olds[k] !== news[k]);
    if (moved.length > 0) return moved;
    throw new AccountMismatchError(this.describe(olds), recorded.accountId, accountId, api.apiKeySource);
  }

  // --- create, read, update, delete ------------------------------------------------------------

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const api = await this.client(inputs);
    // The account is learnt alongside the create's own request; failing to learn it never fails a
    // create Ultravox applied (it is learnt later).
    const account = accountOf(api).then(
      (accountId): AccountRecord => ({ accountId, fingerprint: api.fingerprint }),
      (): AccountRecord => ({ fingerprint: api.fingerprint }),
    );
    const { spec } = this;
    if (spec.api.kind === "singleton") {
      const remote = await this.writeSingleton(api, spec.api, inputs, {});
      return { id: spec.api.id, outs: this.outputs(inputs, remote, {}, await this.recordSingleton(account, inputs)) };
    }
    if (typeof inputs[ADOPT_INPUT] === "string" && spec.api.adoptable !== false) {
      // Adopted: the object as Ultravox holds it (check found the program matches it); nothing is written.
      const remote = await this.adopted(spec.api, inputs);
      if (remote === undefined)
        throw new UltravoxError(
          `${this.describe(inputs)}: there is no ${spec.api.what} ${String(inputs[ADOPT_INPUT])} to adopt in this account.`,
        );
      return { id: remote.id!, outs: { ...this.outputs(inputs, remote, {}, await account), [ADOPT_INPUT]: inputs[ADOPT_INPUT] } };
    }
    const remote = await this.post(api, spec.api, inputs, account);
    return { id: remote.id!, outs: this.outputs(inputs, remote, {}, await account) };
  }

  async read(id: string, props: Props = {}): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const { api, account } = await this.connect(props, props);
    const path = await this.objectPath(api, id, props);
    // Never created, or deleted outside Pulumi: an empty id tells the engine the resource is gone.
    if (path === undefined) return { id: "" };
    let remote: RemoteRead;
    try {
      remote = (await api.request("GET", path, { response: this.response(props), secrets: this.secretsIn(props) })).data;
    } catch (error) {
      if (error instanceof NotFoundError) return { id: "" };
      throw error;
    }
    const state: Props = { ...this.connectionState(props), ...(remote.reported ?? {}), ...accountOutputs(account) };
    if (this.spec.api.kind === "collection") state[this.spec.api.idField] = remote.id;
    const inputs: Props = { ...this.connectionState(props) };
    for (const [field, kind] of Object.entries(this.spec.fields)) {
      state[field] = readBack(kind, props[field], remote.fields[field]);
      inputs[field] = state[field];
    }
    for (const field of this.spec.secretInputs) {
      state[field] = props[field];
      inputs[field] = props[field];
    }
    for (const secret of this.spec.prefixedSecrets ?? []) {
      const after = afterRead(secret, props, remote.prefixes?.[secret.prefixField]);
      Object.assign(state, after.state);
      inputs[secret.field] = after.input;
    }
    return { id: this.spec.api.kind === "singleton" ? id || this.spec.api.id : remote.id!, props: defined(state), inputs: defined(inputs) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const { api, account } = await this.connect(news, olds);
    const { spec } = this;
    if (spec.api.kind === "singleton") {
      const remote = await this.writeSingleton(api, spec.api, news, olds);
      return { outs: this.outputs(news, remote, olds, await this.recordSingleton(Promise.resolve(account), news)) };
    }
    const path = await this.objectPath(api, id, olds);
    // A create whose answer was lost, and that wrote nothing: create it now.
    if (path === undefined)
      return { outs: this.outputs(news, await this.post(api, spec.api, news, Promise.resolve(account)), {}, account) };
    // Only the connection changed (a rotated key of the same account): nothing to send.
    if (!this.contentChanged(olds, news) && !isPending(id)) {
      const kept = Object.fromEntries(Object.entries(olds).filter(([k]) => ![...this.apiKeyInputs, "baseUrl"].includes(k)));
      return { outs: { ...kept, ...this.connectionState(news), ...accountOutputs(account) } };
    }
    const request = { response: this.response(news), secrets: this.secretsIn(news, olds) };
    const cutShort = (error: unknown, leftWith: string, left: RemoteRead) =>
      new IncompleteOperationError(
        `${this.describe(news)}: the update was cut short (${message(error)}). ${leftWith} The state records the object as it ` +
          "is now: the next `pulumi up` finishes the update.",
        { id, properties: { ...this.outputs(news, left, olds, account, true), [PROVIDER_KEY]: news[PROVIDER_KEY] } },
        new Redactor(request.secrets),
        error,
      );
    let remote: RemoteRead;
    try {
      remote = spec.write
        ? await spec.write({ api, path, olds, news, request, cutShort })
        : (await api.request(spec.api.update, path, { ...request, body: spec.body(news, olds) })).data;
    } catch (error) {
      throw this.nameTaken(error, news);
    }
    return { outs: this.outputs(news, remote, olds, account) };
  }

  async delete(id: string, props: Props): Promise<void> {
    const { api, account } = await this.connect(props, props);
    const { spec } = this;
    if (spec.api.kind === "singleton") {
      const writer = otherWriter([account.accountId, account.fingerprint], spec.api.id, programName(props));
      if (writer !== undefined) {
        return notice(
          `${this.describe(props)}: not deleting the account's ${spec.api.id} config: ${spec.className} ${JSON.stringify(writer)} ` +
            "adopted or wrote it in this same deployment (a renamed resource?) and manages it now.",
        );
      }
      if (spec.api.delete !== "DELETE") {
        await api.request("PATCH", spec.api.path, { body: spec.api.delete.reset(props), secrets: this.secretsIn(props) });
        return;
      }
    }
    const path = await this.objectPath(api, id, props);
    if (path === undefined) return;
    try {
      await api.request("DELETE", path, { secrets: this.secretsIn(props) });
    } catch (error) {
      // Already gone is what delete wants.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  // --- the pieces ------------------------------------------------------------------------------

  /** The stack settings, once `configure` has read them; its error, every time, if it failed. */
  protected stack(): Promise<StackSettings> {
    return this.settings.current();
  }

  /** A client for the account and endpoint the resource's inputs (or state) name. */
  private async client(props: Props): Promise<UltravoxClient> {
    const stack = await this.settings.current();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first request, not the first check: preview never pays for the HTTP stack
    const { UltravoxClient } = require("./client") as typeof import("./client");
    return new UltravoxClient(resolveConnection(connectionOf(props, this.apiKeyInputs), stack));
  }

  /**
   * A client for the account the state records (`state`), with the connection `props` name (the
   * desired inputs, or the state itself). A key of another account is refused before anything is
   * sent; the account is learnt (one request per key and process) only when the state's
   * fingerprint is not this connection's.
   */
  private async connect(props: Props, state: Props): Promise<{ api: UltravoxClient; account: AccountRecord }> {
    const api = await this.client(props);
    const recorded = recordedAccount(state);
    if (recorded.fingerprint === api.fingerprint && recorded.accountId !== undefined) return { api, account: recorded };
    const accountId = await accountOf(api);
    if (recorded.accountId !== undefined && accountId !== undefined && accountId !== recorded.accountId) {
      throw new AccountMismatchError(this.describe(state), recorded.accountId, accountId, api.apiKeySource);
    }
    return { api, account: { accountId: accountId ?? recorded.accountId, fingerprint: api.fingerprint } };
  }

  /** How the answers of this resource are read. */
  private response(state: Props): ResponseShape<RemoteRead> {
    const { spec } = this;
    return { schema: spec.answer, read: (body) => spec.read(body, state) };
  }

  /** The object's path; undefined for a pending create whose object Ultravox does not have. */
  private async objectPath(api: UltravoxClient, id: string, state: Props): Promise<string | undefined> {
    const { api: shape } = this.spec;
    if (shape.kind === "singleton") return shape.path;
    let objectId: string | undefined = id;
    if (isPending(id)) {
      const recorded = state[shape.idField];
      objectId = typeof recorded === "string" ? recorded : (await this.findCreated(api, shape, state))?.id;
    }
    return objectId === undefined ? undefined : `${shape.path(state)}/${encodeURIComponent(objectId)}`;
  }

  /** Writes a singleton whole: PATCH, or POST when the account has none (404) and the spec creates so. */
  private async writeSingleton(api: UltravoxClient, shape: SingletonApi, desired: Props, olds: Props): Promise<RemoteRead> {
    const options = { body: this.body(desired, olds), response: this.response(desired), secrets: this.secretsIn(desired, olds) };
    try {
      return (await api.request("PATCH", shape.path, options)).data;
    } catch (error) {
      if (!(error instanceof NotFoundError) || shape.create !== "patch-or-post") throw error;
      this.spec.assertCreatable?.(desired);
      return (await api.request("POST", shape.path, options)).data;
    }
  }

  /** Records, for this deployment's deletes, that this resource wrote the account's singleton; the account. */
  private async recordSingleton(account: Promise<AccountRecord>, desired: Props): Promise<AccountRecord> {
    const record = await account;
    recordWrite([record.accountId, record.fingerprint], (this.spec.api as SingletonApi).id, programName(desired));
    return record;
  }

  /** The body the spec makes, with each prefixed secret's value (never a drift marker). */
  private body(desired: Props, olds: Props): Props {
    const body = this.spec.body(desired, olds);
    for (const secret of this.spec.prefixedSecrets ?? []) {
      const value = valueToSend(secret, desired);
      if (value !== undefined) body[secret.field] = value;
    }
    return body;
  }

  /**
   * POSTs a new object. When the answer is lost (the object may exist), it looks the object up by
   * its natural key; when that cannot settle it, the state records the pending create.
   */
  private async post(api: UltravoxClient, shape: CollectionApi, desired: Props, account: Promise<AccountRecord>): Promise<RemoteRead> {
    const sentAt = new Date().toISOString();
    const path = shape.path(desired);
    try {
      return (
        await api.request("POST", path, {
          body: this.body(desired, {}),
          response: this.response(desired),
          secrets: this.secretsIn(desired),
        })
      ).data;
    } catch (error) {
      const unique = this.spec.naturalKey;
      if (!mayHaveBeenApplied(error) || unique === undefined) throw this.nameTaken(error, desired);
      const pending = { ...desired, [PENDING_CREATE]: sentAt };
      let found: RemoteRead | undefined;
      let lookup: unknown;
      try {
        found = await this.findCreated(api, shape, pending);
      } catch (lookupError) {
        lookup = lookupError;
      }
      if (found !== undefined) return found;
      const name = JSON.stringify(desired[unique.field]);
      const why = lookup === undefined ? `no ${unique.what} of that name shows yet` : `looking for it failed too (${message(lookup)})`;
      throw new IncompleteOperationError(
        `${this.describe(desired)}: Ultravox may have created ${unique.what} ${name}, but its answer was lost (${message(error)}), ` +
          `and ${why}. The state records the create as pending: the next \`pulumi up\` (or \`refresh\`, or \`destroy\`) finds ` +
          `that ${unique.what} and manages it, or creates it if Ultravox has none.`,
        { id: `${PENDING_ID}${randomUUID()}`, properties: { ...this.pendingOutputs(pending), ...accountOutputs(await account) } },
        new Redactor(this.secretsIn(desired)),
        error,
      );
    }
  }

  /**
   * The object a create whose answer was lost wrote, if Ultravox has it: the one of that natural
   * key created after the create was sent (allowing for clock skew). Undefined when there is none.
   */
  private async findCreated(api: UltravoxClient, shape: CollectionApi, pending: Props): Promise<RemoteRead | undefined> {
    const unique = this.spec.naturalKey;
    const name = unique === undefined ? undefined : pending[unique.field];
    const sentAt = Date.parse(String(pending[PENDING_CREATE]));
    if (unique === undefined || typeof name !== "string" || Number.isNaN(sentAt)) return undefined;
    const list = {
      schema: z.looseObject({ results: z.array(z.looseObject({})), next: z.nullish(z.string()) }),
      read: (body: unknown) => body as { results: Props[]; next?: string | null },
    };
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ search: name, pageSize: "100", ...(cursor ? { cursor } : {}) });
      const { data } = await api.request("GET", `${shape.path(pending)}?${query.toString()}`, {
        response: list,
        secrets: this.secretsIn(pending),
      });
      const found = data.results.find(
        (item) => item[unique.field] === name && Date.parse(String(item[unique.created])) >= sentAt - CLOCK_SKEW_MS,
      );
      if (found !== undefined) return this.spec.read(found, pending);
      // Only the cursor is taken from `next`: requests go to the configured base URL, never to the URL an answer names.
      cursor = data.next ? (new URL(data.next).searchParams.get("cursor") ?? undefined) : undefined;
      if (cursor === undefined) return undefined;
    }
    return undefined;
  }

  /**
   * Outputs after a write: the fields as Ultravox answered (read back against what the program
   * set), the secrets the program set, the prefixes reported, what Ultravox reports besides, the
   * account. `cut`: for an update cut short, where the fields are Ultravox's at every path either
   * side sets.
   */
  private outputs(desired: Props, remote: RemoteRead, olds: Props, account: AccountRecord, cut = false): Props {
    const outs: Props = { ...(remote.reported ?? {}), ...this.connectionState(desired), ...accountOutputs(account) };
    if (remote.id !== undefined && this.spec.api.kind === "collection") outs[this.spec.api.idField] = remote.id;
    for (const [field, kind] of Object.entries(this.spec.fields)) {
      outs[field] = cut
        ? readBack(kind, union(olds[field], desired[field]), remote.fields[field])
        : readBack(kind, desired[field], remote.fields[field]);
    }
    for (const field of this.spec.secretInputs) outs[field] = desired[field];
    for (const secret of this.spec.prefixedSecrets ?? [])
      Object.assign(outs, stateAfterWrite(secret, desired, remote.prefixes?.[secret.prefixField], olds));
    return defined(outs);
  }

  /** What the state holds for a create whose answer was lost: what was sent, and when. */
  private pendingOutputs(pending: Props): Props {
    return defined({
      ...Object.fromEntries([...Object.keys(this.spec.fields), ...this.spec.secretInputs].map((field) => [field, pending[field]])),
      [PENDING_CREATE]: pending[PENDING_CREATE],
      ...this.connectionState(pending),
      [PROVIDER_KEY]: pending[PROVIDER_KEY],
    });
  }

  /** A 400 saying the unique name is taken, told in the resource's terms. */
  private nameTaken(error: unknown, desired: Props): unknown {
    const unique = this.spec.naturalKey;
    if (!unique?.unique || !(error instanceof UltravoxError) || !("fieldMessages" in error)) return error;
    const messages = (error as { fieldMessages: readonly { property: string; message: string }[] }).fieldMessages;
    if (!messages.some((f) => f.property === unique.field && /exist|unique|taken/i.test(f.message))) return error;
    return new UltravoxError(
      `${this.describe(desired)}: ${unique.what === "agent" ? "an" : "a"} ${unique.what} named ${JSON.stringify(desired[unique.field])} already ` +
        `exists in this Ultravox account (${unique.what} names are unique). If you renamed this resource in your program, Pulumi ` +
        'sees a new resource: keep its object by adding `aliases: [{ name: "<old name>" }]` to its resource options, with the ' +
        `name the resource had before. Otherwise give this ${this.spec.className} another ${unique.field}, or read the existing ` +
        `one without managing it with ${this.spec.className}.get(name, id).`,
      undefined,
      error,
    );
  }

  /** `PlivoTelephonyConfig "plivo"`: the resource, as messages name it. */
  private describe(props: Props): string {
    const name = programName(props);
    return name === undefined ? this.spec.className : `${this.spec.className} ${JSON.stringify(name)}`;
  }

  /**
   * Every secret an operation can know, to redact from anything it raises: the desired values, the
   * ones recorded in the state (what Ultravox may still hold and quote back), every API key.
   */
  private secretsIn(...propsList: Props[]): string[] {
    return propsList.flatMap((props) => this.secretInputs.flatMap((name) => strings(props[name])));
  }

  /**
   * The connection inputs as recorded, for the state (read and delete must reach the same account),
   * and the resource's name in the program.
   */
  private connectionState(source: Props): Props {
    return Object.fromEntries(
      [...this.apiKeyInputs, "baseUrl", NAME_INPUT].filter((k) => typeof source[k] === "string").map((k) => [k, source[k]]),
    );
  }
}

function isPending(id: string): boolean {
  return id.startsWith(PENDING_ID);
}

function programName(props: Props): string | undefined {
  return typeof props[NAME_INPUT] === "string" ? props[NAME_INPUT] : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** A shape with every field either value sets. */
function union(a: unknown, b: unknown): unknown {
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const x = a as Props;
    const y = b as Props;
    return Object.fromEntries([...new Set([...Object.keys(x), ...Object.keys(y)])].map((k) => [k, union(x[k], y[k])]));
  }
  return b ?? a;
}

export type { Issue };
