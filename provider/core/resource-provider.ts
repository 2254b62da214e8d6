/**
 * What the provider of every resource class shares: `configure` and the settings it read, the
 * check pipeline (null as "not set", validation, failures that never print a secret, an API key
 * from somewhere), the client for a resource's account, the secrets each request redacts, and how
 * a diff is answered.
 *
 * Each resource class has one subclass (TelephonyConfigProvider, AgentProvider), instantiated once
 * in its `methods` module; Pulumi's serialized handle loads that module and calls that object.
 */
import type { dynamic } from "@pulumi/pulumi";
import { AccountMismatchError, accountOf, connectionFingerprint, recordedAccount, type AccountRecord } from "./account";
import type { UltravoxClient } from "./client";
import { API_KEY_HELP } from "./errors";
import { checkBaseUrl } from "./base-url";
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
import {
  containsUnknown,
  isUnknown,
  object,
  toCheckFailures,
  validate,
  withoutNulls,
  type CheckFailure,
  type Issue,
  type Validator,
} from "./validate";

export type Props = Record<string, unknown>;

/** The key under which Pulumi passes the serialized provider in every request's properties. */
const PROVIDER_KEY = "__provider";

/**
 * The input every resource class adds: the resource's name in the program. Never sent to Ultravox;
 * it names the resource in messages, and tells a renamed resource from the one it replaces.
 */
export const NAME_INPUT = "__programName";

export interface InputSchema {
  /** The resource class, as messages name it: `PlivoTelephonyConfig`. */
  className: string;
  /** The resource's own inputs and their validators (the connection inputs are added). */
  inputs(): Record<string, Validator>;
  required: readonly string[];
  /** Rules across inputs, run only when each input is valid on its own; unknown values must pass. */
  refine?(inputs: Props, issues: Issue[]): void;
  /** Inputs whose values are secrets: never printed, redacted from every error. */
  secretInputs: readonly string[];
  /** Inputs that may hold this resource's Ultravox API key, in order of precedence. */
  apiKeyInputs: readonly string[];
}

/** What `diff` answers. */
export interface DiffAnswer {
  /**
   * true: an update; false: nothing to do; undefined (DIFF_UNKNOWN): a secret changed. Pulumi masks
   * secrets before it compares inputs for display, so under a plain "changed" a new secret would
   * show as an update naming nothing; "unknown" makes the engine compare the stored and the new
   * inputs in plaintext itself, find the secret changed and name it: `~ authToken`.
   */
  changes: boolean | undefined;
  /** Inputs whose change replaces the resource (moving it to another account). */
  replaces?: string[];
}

/** Pulumi rejects `undefined` inside outputs ("Unexpected struct type"): such keys are left out. */
export function defined(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

export abstract class UltravoxProvider implements dynamic.ResourceProvider<Props, Props> {
  private readonly settings = new ProviderSettings();
  /** The inputs' validators, built on the first check (the Agent's reads the API schema). */
  private inputShape: Record<string, Validator> | undefined;
  private inputValidator: Validator | undefined;
  /** Inputs Pulumi must never print as `value {...}`: the secrets, and a URL that may hold a password. */
  private readonly unprintable: ReadonlySet<string>;

  protected constructor(protected readonly schema: InputSchema) {
    this.unprintable = new Set([...schema.secretInputs, "baseUrl"]);
  }

  /** Takes Pulumi's `ConfigureRequest` (or anything with a `config.get`). */
  configure(req: { config: StackConfig }): Promise<void> {
    return this.settings.configure(req.config);
  }

  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult<Props>> {
    const stack = await this.settings.current();
    const raw = withoutNulls(
      Object.fromEntries(Object.entries(news).filter(([key]) => key !== PROVIDER_KEY && key !== NAME_INPUT)),
    ) as Props;
    const { failures, withheld } = this.failures(raw, stack);
    // The engine discards the inputs of a failed check; still, none of them may carry a credential out.
    if (failures.length > 0) return { inputs: Object.fromEntries(Object.entries(news).filter(([k]) => !withheld.has(k))), failures };
    const inputs = this.normalize(raw);
    const baseUrl = typeof inputs.baseUrl === "string" && !isUnknown(inputs.baseUrl) ? checkBaseUrl(inputs.baseUrl) : undefined;
    if (baseUrl?.ok) inputs.baseUrl = baseUrl.url;
    if (typeof news[NAME_INPUT] === "string") inputs[NAME_INPUT] = news[NAME_INPUT];
    return { inputs };
  }

  abstract diff(id: string, olds: Props, news: Props): Promise<DiffAnswer>;
  abstract create(inputs: Props): Promise<{ id: string; outs: Props }>;
  /** `props` is the state; Pulumi sends none only for a `get` on SDKs before 3.268. */
  abstract read(id: string, props?: Props): Promise<{ id: string; props?: Props; inputs?: Props }>;
  abstract update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  abstract delete(id: string, props: Props): Promise<void>;

  /** Canonical form of valid inputs (defaults filled in, ids lower-cased), so diffs are stable. */
  protected abstract normalize(inputs: Props): Props;

  /** The stack settings, once `configure` has read them; its error, every time, if it failed. */
  protected stack(): Promise<StackSettings> {
    return this.settings.current();
  }

  /** A client for the account and endpoint the resource's inputs (or state) name. */
  protected async client(props: Props): Promise<UltravoxClient> {
    const stack = await this.settings.current();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first request, not the first check: preview never pays for the HTTP stack
    const { UltravoxClient } = require("./client") as typeof import("./client");
    return new UltravoxClient(resolveConnection(connectionOf(props, this.schema.apiKeyInputs), stack));
  }

  /**
   * A client for the account the state records (`state`), with the connection `props` name (the
   * desired inputs, or the state itself). A key of another account is refused before anything is
   * sent; the account is learnt (one request per key and process) only when the state's
   * fingerprint is not this connection's.
   */
  protected async connect(props: Props, state: Props): Promise<{ api: UltravoxClient; account: AccountRecord }> {
    const api = await this.client(props);
    const recorded = recordedAccount(state);
    if (recorded.fingerprint === api.fingerprint && recorded.accountId !== undefined) return { api, account: recorded };
    const accountId = await accountOf(api);
    if (recorded.accountId !== undefined && accountId !== undefined && accountId !== recorded.accountId) {
      throw new AccountMismatchError(this.describe(state), recorded.accountId, accountId, api.apiKeySource);
    }
    return { api, account: { accountId: accountId ?? recorded.accountId, fingerprint: api.fingerprint } };
  }

  /**
   * A client for a resource being created, and its account, learnt alongside the create's own
   * request: a failure to learn it never fails a create that Ultravox applied (it is then learnt later).
   */
  protected async connectNew(props: Props): Promise<{ api: UltravoxClient; account: Promise<AccountRecord> }> {
    const api = await this.client(props);
    const account = accountOf(api).then(
      (accountId): AccountRecord => ({ accountId, fingerprint: api.fingerprint }),
      (): AccountRecord => ({ fingerprint: api.fingerprint }),
    );
    return { api, account };
  }

  /**
   * What the desired connection means for a resource the state records in an account: undefined
   * when it is the same account (or cannot be told), else the connection inputs whose change moves
   * the resource, which replace it. When none of its inputs changed (the stack's key or the
   * environment now opens another account) it throws AccountMismatchError. A request is sent only
   * when the connection's fingerprint is not the recorded one.
   */
  protected async accountMove(olds: Props, news: Props): Promise<string[] | undefined> {
    const recorded = recordedAccount(olds);
    const inputs = [...this.schema.apiKeyInputs, "baseUrl"];
    if (recorded.accountId === undefined || inputs.some((k) => containsUnknown(news[k]))) return undefined;
    const connection = resolveConnection(connectionOf(news, this.schema.apiKeyInputs), await this.stack());
    if (connectionFingerprint(connection.baseUrl, connection.apiKey) === recorded.fingerprint) return undefined;
    const api = await this.client(news);
    // Not reachable (yet): the preview cannot tell, and the write itself will check again.
    const accountId = await accountOf(api).catch(() => undefined);
    if (accountId === undefined || accountId === recorded.accountId) return undefined;
    const moved = inputs.filter((k) => olds[k] !== news[k]);
    if (moved.length > 0) return moved;
    throw new AccountMismatchError(this.describe(olds), recorded.accountId, accountId, api.apiKeySource);
  }

  /** `PlivoTelephonyConfig "plivo"`: the resource, as messages name it. */
  protected describe(props: Props): string {
    const name = props[NAME_INPUT];
    return typeof name === "string" ? `${this.schema.className} ${JSON.stringify(name)}` : this.schema.className;
  }

  /**
   * Every secret an operation can know, to redact from anything it raises: the desired values, the
   * ones recorded in the state (what Ultravox may still hold and quote back), every API key.
   */
  protected secretsIn(...propsList: Props[]): string[] {
    return propsList.flatMap((props) => this.schema.secretInputs.flatMap((name) => strings(props[name])));
  }

  /** True when a connection input (the account's key, the base URL) differs between state and desired. */
  protected connectionChanged(olds: Props, news: Props): { apiKey: boolean; baseUrl: boolean } {
    const before = connectionOf(olds, this.schema.apiKeyInputs);
    const after = connectionOf(news, this.schema.apiKeyInputs);
    return { apiKey: before.apiKey !== after.apiKey, baseUrl: before.baseUrl !== after.baseUrl };
  }

  /**
   * The connection inputs as recorded, for the state (read and delete must reach the same account),
   * and the resource's name in the program.
   */
  protected connectionState(source: Props): Props {
    return Object.fromEntries(
      [...this.schema.apiKeyInputs, "baseUrl", NAME_INPUT].filter((k) => typeof source[k] === "string").map((k) => [k, source[k]]),
    );
  }

  /** The check's failures, and the inputs that may hold a credential in clear (never handed back). */
  private failures(raw: Props, stack: StackSettings): { failures: CheckFailure[]; withheld: Set<string> } {
    const { schema } = this;
    const issues = validate(this.validator(), raw);
    if (issues.length === 0) {
      const given = schema.apiKeyInputs.filter((name) => raw[name] !== undefined);
      if (given.length > 1) {
        issues.push({
          path: [given[1]],
          message: `is the deprecated name of ${API_KEY_INPUT}: give the Ultravox API key as ${API_KEY_INPUT} only`,
        });
      }
      schema.refine?.(raw, issues);
    }
    const failures = toCheckFailures(issues, { input: raw, unprintable: this.unprintable, knownProperties: Object.keys(this.shape()) });
    if (failures.length === 0 && !hasApiKey(connectionOf(raw, schema.apiKeyInputs), stack)) {
      failures.push({ property: "", reason: `${API_KEY_INPUT}: no Ultravox API key is configured. ${API_KEY_HELP}` });
    }
    const withheld = new Set([...this.unprintable, ...issues.filter((i) => i.sensitive).map((i) => String(i.path[0]))]);
    return { failures, withheld };
  }

  private shape(): Record<string, Validator> {
    if (this.inputShape === undefined) {
      const connection = connectionInputs();
      // A legacy name for the key takes the same rule as ultravoxApiKey.
      for (const name of this.schema.apiKeyInputs) connection[name] = connection[API_KEY_INPUT];
      this.inputShape = { ...this.schema.inputs(), ...connection };
    }
    return this.inputShape;
  }

  private validator(): Validator {
    return (this.inputValidator ??= object(this.shape(), { required: this.schema.required }));
  }
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}
