/**
 * An emulator of the Ultravox API, for this project's tests and demo, and for anyone who wants to
 * point a real `pulumi up` at something that is not their production account: telephony configs
 * (`/api/telephony_configs/<carrier>`) and agents (`/api/agents`, `/api/agents/<id>`) here, and
 * through the route table (`OBJECT_ROUTES`) tools, corpora and their sources, voices, webhooks,
 * the SIP config and registrations, call throttles, the account's TTS API keys and API keys, each
 * in a module of its own.
 *
 * It behaves as the API reference describes: the `X-API-Key` header selects an account, 401 for a
 * missing or unknown key, 404 when nothing is configured, PATCH is partial, DRF-shaped 400s, the
 * token is write-only and reported only as a prefix. Tests also get controls the real API does
 * not have: out-of-band changes, injected faults, rate limits, latency, and a request log.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  agentErrors,
  agentsRoute,
  echoStoredSecrets,
  echoSubmittedSecrets,
  newAgent,
  submittedSharedSecrets,
  updateAgent,
  type AgentPatchMode,
  type CallTemplate,
  type StoredAgent,
} from "./agents";
import { apiKeysRoute, makeApiKey } from "./api-keys";
import { throttlesRoute } from "./call-throttles";
import { carriers, type Carrier, type DrfErrors, type StoredConfig } from "./carriers";
import { corporaRoute } from "./corpora";
import { corpusUploadRoute } from "./corpus-uploads";
import type { AccountKeys, ObjectRoute, RouteRequest } from "./routes";
import { sipConfigRoute } from "./sip-config";
import { registrationsRoute } from "./sip-registrations";
import { toolsRoute } from "./tools";
import { ttsKeysRoute } from "./tts-keys";
import { voicesRoute } from "./voices";
import { webhooksRoute } from "./webhooks";

/**
 * The kinds of objects served through the generic route table (routes.ts), each from its own
 * module. Telephony configs, agents and the account are served by this file.
 */
const OBJECT_ROUTES: readonly ObjectRoute[] = [
  toolsRoute, // /api/tools[/<id>]
  corporaRoute, // /api/corpora[/<id>[/uploads | /sources[/<id>[/documents[/<id>]]]]]
  corpusUploadRoute, // the presigned URLs of corpus uploads (no API key)
  voicesRoute, // /api/voices[/<id>]
  webhooksRoute,
  sipConfigRoute,
  registrationsRoute,
  throttlesRoute,
  ttsKeysRoute,
  apiKeysRoute,
];

export { makeApiKey };

export { AGENT_PATCH_MODES } from "./agents";
export type { AgentPatchMode, CallTemplate, StoredAgent } from "./agents";

export type Fault =
  /** Answer with this status (and `Retry-After`, body) instead of doing the work. */
  | { kind: "status"; status: number; retryAfter?: string; body?: unknown }
  /** Accept the request and never answer. */
  | { kind: "hang" }
  /** Close the connection without an answer. */
  | { kind: "drop" }
  /** Success status with a body that is not JSON. */
  | { kind: "malformed" }
  /** An HTML error page, as a proxy in front of the API would send. */
  | { kind: "html"; status: number }
  /** Success status with an empty body. */
  | { kind: "empty" }
  /** Success status with a config that lacks `authId`, without doing the work. */
  | { kind: "missing-fields" }
  /** Do the work, then answer without the reported prefixes (documented as always present). */
  | { kind: "omit-prefix" }
  /** A redirect to `location`, without doing the work. */
  | { kind: "redirect"; status: number; location: string }
  /** `status` (default 200) with a body of `bytes` bytes, without doing the work. */
  | { kind: "huge"; bytes: number; status?: number }
  /** A 400 whose body echoes the submitted secrets and the API key, after `pad` characters of text. */
  | { kind: "echo-secrets"; pad?: number }
  /**
   * A 400 whose body quotes the submitted secrets encoded: each in an HTTP Basic header (after the
   * account id, or `agent`), hex, upper case and as HTML character references; the API key too.
   */
  | { kind: "echo-encoded" }
  /** A 400 whose body quotes the secrets the config holds now (before this request). */
  | { kind: "echo-stored" }
  /**
   * Do the work, then lose the answer: the connection closed without one ("drop"), a body that is
   * not JSON ("malformed"), a body over any client's limit ("huge"), or a 502 from a gateway ("gateway").
   */
  | { kind: "lost-answer"; how: "drop" | "malformed" | "huge" | "gateway" }
  /** Wait, then handle the request normally. */
  | { kind: "delay"; ms: number };

export interface FaultRule {
  fault: Fault;
  /** How many matching requests it applies to. */
  times: number;
  /** How many matching requests pass untouched first (default none). */
  skip?: number;
  method?: string;
  apiKey?: string;
  /**
   * The path it applies to. Without one, every path but `/api/accounts/me`: a client asks that
   * once per key to learn its account, and a fault meant for an object's routes should not be
   * spent on it.
   */
  path?: string;
}

/** What `GET /api/accounts/me` answers: which account a key opens. */
export const ACCOUNT_PATH = "/api/accounts/me";

/** A request that got no answer: left hanging, its connection dropped, or abandoned by the client during a delay. */
export type NoAnswer = "hung" | "dropped" | "abandoned";

export interface RecordedRequest {
  method: string;
  path: string;
  apiKey: string | undefined;
  body: unknown;
  status: number | NoAnswer;
  /** The JSON the emulator answered with, if any. */
  response?: unknown;
  at: number;
}

export interface RateLimit {
  /** Requests allowed per key in each window. */
  requests: number;
  windowMs: number;
  /** The `Retry-After` sent with a 429, in seconds. */
  retryAfterSeconds: number;
}

export interface EmulatorOptions {
  /** Fixed extra latency per request. */
  latencyMs?: number;
  rateLimit?: RateLimit;
  /** How the reported prefix is derived from a token. Default: its first 6 characters. */
  tokenPrefix?: (token: string) => string;
  /**
   * What an agent PATCH does to the stored `callTemplate`. Default `"merge"`: a JSON merge patch
   * (RFC 7386; a `null` removes the field). `"merge-ignoring-null"`: the same, but a `null` leaves
   * the stored value (a protobuf MergeFrom). `"replace"`: the sent template replaces the stored one.
   * In every mode `callTemplate: null` clears the template.
   */
  agentPatch?: AgentPatchMode;
}

interface Account {
  /** What `GET /api/accounts/me` reports: the same for every key of the account. */
  accountId: string;
  name: string;
  configs: Map<string, StoredConfig>;
  agents: Map<string, StoredAgent>;
  /** The store of each kind in OBJECT_ROUTES, by its name, made on first use. */
  stores: Map<string, unknown>;
}

/** What a path addresses: a carrier's telephony config, or the agents (one of them when `agentId` is set). */
type Route =
  | { kind: "telephony"; name: string; carrier: Carrier }
  | { kind: "agents"; agentId: string | undefined }
  | { kind: "account" }
  | { kind: "object"; route: ObjectRoute; params: (string | undefined)[] };

/** What a request's answer needs of the HTTP exchange. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  entry: RecordedRequest;
  send: Send;
}

export class UltravoxEmulator {
  readonly log: RecordedRequest[] = [];
  /** By API key: several keys may open the same account. */
  private readonly accounts = new Map<string, Account>();
  /** When a key stops opening its account (a key made with an `expiryDate`), in ms since the epoch. */
  private readonly expiries = new Map<string, number>();
  /** Each key's rate-limit window (the API limits requests per key). */
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly faults: FaultRule[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private server: Server | undefined;
  private port = 0;
  private host = "127.0.0.1";

  constructor(readonly options: EmulatorOptions = {}) {}

  get url(): string {
    return `http://${this.host.includes(":") ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Listens on `host` (loopback by default: the provider takes http only for loopback hosts). */
  async start(port = 0, host = "127.0.0.1"): Promise<this> {
    this.host = host;
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  // --- accounts and out-of-band changes ------------------------------------------------------

  /** A new account, opened by `apiKey`; the key. */
  addAccount(apiKey = makeApiKey()): string {
    if (!this.accounts.has(apiKey)) {
      const accountId = randomUUID();
      this.accounts.set(apiKey, {
        accountId,
        name: `emulated account ${accountId.slice(0, 8)}`,
        configs: new Map(),
        agents: new Map(),
        stores: new Map(),
      });
    }
    return apiKey;
  }

  /** Another API key of the account `existingKey` opens (a key rotation); the new key. */
  addApiKey(existingKey: string, apiKey = makeApiKey()): string {
    this.accounts.set(apiKey, this.account(existingKey));
    return apiKey;
  }

  /** Revokes a key: it opens nothing any more (401). */
  revokeApiKey(apiKey: string): void {
    this.accounts.delete(apiKey);
    this.expiries.delete(apiKey);
  }

  /**
   * The live store of a kind of object in the account `apiKey` opens, for tests to read and to
   * change behind the provider's back (as someone in the console would).
   */
  objects<S>(apiKey: string, route: ObjectRoute<S>): S {
    return this.storeOf(this.account(apiKey), route);
  }

  /** One store for the whole emulator, which routes use for what crosses accounts (presigned uploads). */
  readonly shared = new Map<string, unknown>();

  /** The id `GET /api/accounts/me` reports for the account `apiKey` opens. */
  accountId(apiKey: string): string {
    return this.account(apiKey).accountId;
  }

  /** The stored config, token included (tests only), or undefined. */
  config(apiKey: string, carrier = "plivo"): StoredConfig | undefined {
    const stored = this.account(apiKey).configs.get(carrier);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  /** Changes a config behind the provider's back, as someone in the Ultravox console would. */
  changeOutOfBand(apiKey: string, changes: StoredConfig, carrier = "plivo"): void {
    const account = this.account(apiKey);
    const current = account.configs.get(carrier) ?? carriers[carrier].defaults();
    account.configs.set(carrier, { ...current, ...structuredClone(changes) });
  }

  deleteOutOfBand(apiKey: string, carrier = "plivo"): void {
    this.account(apiKey).configs.delete(carrier);
  }

  /** The stored agent, `sharedSecrets` included (tests only), or undefined. */
  agent(apiKey: string, agentId: string): StoredAgent | undefined {
    const stored = this.account(apiKey).agents.get(agentId);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  /** Every stored agent of the account, as `agent` gives each. */
  agents(apiKey: string): StoredAgent[] {
    return [...this.account(apiKey).agents.values()].map((a) => structuredClone(a));
  }

  /** Creates an agent behind the provider's back (one that exists before Pulumi touches it); its id. */
  addAgentOutOfBand(apiKey: string, agent: { name: string; callTemplate?: CallTemplate }): string {
    const agents = this.account(apiKey).agents;
    const errors = agentErrors(agents, agent);
    if (errors) throw new Error(`the emulator refuses that agent: ${JSON.stringify(errors)}`);
    const created = newAgent(agent.name, agent.callTemplate);
    agents.set(created.agentId, created);
    return created.agentId;
  }

  /** Changes an agent as someone in the console would: `name` replaced, `callTemplate` merged ("merge" mode). */
  changeAgentOutOfBand(apiKey: string, agentId: string, changes: { name?: string; callTemplate?: CallTemplate }): void {
    const agents = this.account(apiKey).agents;
    const stored = agents.get(agentId);
    if (stored === undefined) throw new Error(`the emulator has no agent ${agentId} in that account`);
    agents.set(agentId, updateAgent(stored, structuredClone(changes), "merge"));
  }

  deleteAgentOutOfBand(apiKey: string, agentId: string): void {
    this.account(apiKey).agents.delete(agentId);
  }

  /** The prefix this emulator reports for a token. */
  prefixOf(token: string): string {
    return (this.options.tokenPrefix ?? ((t: string) => t.slice(0, 6)))(token);
  }

  // --- faults and the log --------------------------------------------------------------------

  inject(fault: Fault, match: Omit<FaultRule, "fault" | "times"> & { times?: number } = {}): void {
    this.faults.push({ fault, times: match.times ?? 1, skip: match.skip, method: match.method, apiKey: match.apiKey, path: match.path });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  setRateLimit(rateLimit: RateLimit | undefined): void {
    this.options.rateLimit = rateLimit;
  }

  /** The requests to objects: the log without the account lookups (`GET /api/accounts/me`). */
  get calls(): RecordedRequest[] {
    return this.log.filter((r) => r.path !== ACCOUNT_PATH);
  }

  /** The requests to objects (`calls`), of a method or key. */
  requests(filter: { method?: string; apiKey?: string } = {}): RecordedRequest[] {
    return this.calls.filter((r) => (!filter.method || r.method === filter.method) && (!filter.apiKey || r.apiKey === filter.apiKey));
  }

  /** Requests that could change a config (everything but GET). */
  writes(filter: { apiKey?: string } = {}): RecordedRequest[] {
    return this.requests(filter).filter((r) => r.method !== "GET");
  }

  clearLog(): void {
    this.log.length = 0;
  }

  // --- the API -------------------------------------------------------------------------------

  private account(apiKey: string): Account {
    const account = this.accounts.get(apiKey);
    if (account === undefined) throw new Error("the emulator has no account for that key");
    return account;
  }

  private takeFault(method: string, apiKey: string | undefined, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (r) =>
        r.times > 0 &&
        (!r.method || r.method === method) &&
        (!r.apiKey || r.apiKey === apiKey) &&
        (r.path === undefined ? path !== ACCOUNT_PATH : r.path === path),
    );
    if (index < 0) return undefined;
    const rule = this.faults[index];
    if (rule.skip) {
      rule.skip -= 1;
      return undefined;
    }
    rule.times -= 1;
    if (rule.times === 0) this.faults.splice(index, 1);
    return rule.fault;
  }

  /** One request: record it, wait out latency and any delay fault, find its route, then answer. */
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readRequest(req);
    const exchange = this.record(request, req, res);
    const fault = await this.waitOut(request, exchange);
    if (fault === "abandoned") return;
    const route = routeOf(request.path);
    if (!route) return exchange.send(404, { detail: "Not found." });
    if (fault && fault.kind !== "omit-prefix" && fault.kind !== "lost-answer") return this.answerWithFault(fault, request, route, exchange);
    if (route.kind === "object" && route.route.public) {
      const answer = route.route.public(this.routeRequest(request, route.params), this.shared);
      return exchange.send(answer.status, answer.body);
    }
    const account = this.authenticate(request.apiKey, exchange.send);
    if (!account) return;
    const send = fault?.kind === "lost-answer" ? this.losing(fault.how, exchange) : exchange.send;
    this.answer(route, account, request, send, fault?.kind === "omit-prefix");
  }

  /** A `send` that records the real answer, then loses it as `how` says. */
  private losing(how: Extract<Fault, { kind: "lost-answer" }>["how"], exchange: Exchange): Send {
    const { req, res, entry } = exchange;
    return (status, payload) => {
      entry.response = payload;
      switch (how) {
        case "drop":
          entry.status = "dropped";
          req.socket.destroy();
          return;
        case "malformed":
          return sendRaw(res, entry, status, "application/json", JSON.stringify(payload ?? {}).slice(0, 12));
        case "huge":
          return sendRaw(res, entry, status, "application/json", `{"detail": "${"x".repeat(2 * 1024 * 1024)}"}`);
        case "gateway":
          return sendRaw(res, entry, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
      }
    };
  }

  /** Logs the request; its exchange, whose `send` answers and records the answer. */
  private record(request: ParsedRequest, req: IncomingMessage, res: ServerResponse): Exchange {
    const entry: RecordedRequest = {
      method: request.method,
      path: request.path,
      apiKey: request.apiKey,
      body: request.body,
      status: 0,
      at: Date.now(),
    };
    this.log.push(entry);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      entry.response = payload;
      const text = payload === undefined ? "" : JSON.stringify(payload);
      res.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), ...headers });
      res.end(text);
    };
    return { req, res, entry, send };
  }

  /** Waits out latency and any delay fault; the fault still to apply, or "abandoned" when the client left meanwhile. */
  private async waitOut(request: ParsedRequest, exchange: Exchange): Promise<Fault | undefined | "abandoned"> {
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    const fault = this.takeFault(request.method, request.apiKey, request.path);
    if (fault?.kind !== "delay") return fault;
    await sleep(fault.ms);
    // Then handled normally, taking no other request's fault; but if the client gave up
    // meanwhile, drop the request, so it cannot land in a later test.
    if (!exchange.req.socket.destroyed) return undefined;
    exchange.entry.status = "abandoned";
    return "abandoned";
  }

  /** Does the work the route names, for an authenticated account. */
  private answer(route: Route, account: Account, request: ParsedRequest, send: Send, omitPrefixes: boolean): void {
    if (route.kind === "telephony") return this.telephonyConfig(account, route.name, route.carrier, request, send, omitPrefixes);
    if (route.kind === "account") {
      if (request.method !== "GET") return send(405, { detail: `Method "${request.method}" not allowed.` });
      return send(200, presentAccount(account));
    }
    if (route.kind === "object") {
      const answer = route.route.handle(
        this.storeOf(account, route.route),
        this.routeRequest(request, route.params),
        { accountId: account.accountId, apiKey: request.apiKey!, keys: this.keysOf(account) },
        this.shared,
      );
      return send(answer.status, answer.body);
    }
    const { status, body } = agentsRoute(
      account.agents,
      { method: request.method, agentId: route.agentId, body: request.body, bodyError: request.bodyError, query: request.query },
      this.options.agentPatch ?? "merge",
    );
    send(status, body);
  }

  private storeOf<S>(account: Account, route: ObjectRoute<S>): S {
    if (!account.stores.has(route.name)) account.stores.set(route.name, route.store());
    return account.stores.get(route.name) as S;
  }

  private routeRequest(request: ParsedRequest, params: (string | undefined)[]): RouteRequest {
    const { method, body, bodyError, raw, headers, query } = request;
    return { method, params, body, bodyError, raw, headers, query, baseUrl: this.url, prefixOf: (secret) => this.prefixOf(secret) };
  }

  /** The account's part of the key table, for the API keys route. */
  private keysOf(account: Account): AccountKeys {
    return {
      list: () => [...this.accounts].filter(([, a]) => a === account).map(([key]) => key),
      add: (apiKey, expiresAt) => {
        this.accounts.set(apiKey, account);
        if (expiresAt) this.expiries.set(apiKey, expiresAt.getTime());
      },
      revoke: (apiKey) => {
        if (this.accounts.get(apiKey) === account) this.revokeApiKey(apiKey);
      },
    };
  }

  /** The account the key selects, or a 401 or 429 already sent. */
  private authenticate(apiKey: string | undefined, send: Send): Account | undefined {
    if (!apiKey) return void send(401, { detail: "Authentication credentials were not provided." });
    const account = this.accounts.get(apiKey);
    if (!account) return void send(401, { detail: "Invalid API key." });
    if ((this.expiries.get(apiKey) ?? Infinity) <= Date.now()) return void send(401, { detail: "API key has expired." });
    const limit = this.options.rateLimit;
    if (limit) {
      const now = Date.now();
      let window = this.windows.get(apiKey);
      if (window === undefined || now - window.start >= limit.windowMs) this.windows.set(apiKey, (window = { start: now, count: 0 }));
      window.count += 1;
      if (window.count > limit.requests) {
        return void send(429, { detail: "Request was throttled." }, { "retry-after": String(limit.retryAfterSeconds) });
      }
    }
    return account;
  }

  /** `/api/telephony_configs/<carrier>`: GET, POST (only when none), PATCH (partial), DELETE. */
  private telephonyConfig(
    account: Account,
    name: string,
    carrier: Carrier,
    request: ParsedRequest,
    send: Send,
    omitPrefixes: boolean,
  ): void {
    const stored = account.configs.get(name);
    const { method, body } = request;
    if (
      (method === "POST" || method === "PATCH") &&
      (request.bodyError || body === null || typeof body !== "object" || Array.isArray(body))
    ) {
      return send(400, { detail: "JSON parse error - expected an object." });
    }
    const submitted = (body ?? {}) as StoredConfig;
    switch (method) {
      case "GET":
        return stored ? send(200, this.present(carrier, stored, omitPrefixes)) : send(404, { detail: "Not found." });
      case "DELETE":
        if (!stored) return send(404, { detail: "Not found." });
        account.configs.delete(name);
        return send(204);
      case "POST": {
        if (stored) return send(400, { non_field_errors: [`A ${name} configuration already exists for this account.`] });
        const missing = carrier.required.filter((f) => submitted[f] === undefined);
        if (missing.length > 0) return send(400, Object.fromEntries(missing.map((f) => [f, ["This field is required."]])));
        const next = { ...carrier.defaults(), ...pick(submitted, carrier) };
        const errors = carrier.validate(next, submitted);
        if (errors) return send(400, errors);
        account.configs.set(name, next);
        return send(201, this.present(carrier, next, omitPrefixes));
      }
      case "PATCH": {
        if (!stored) return send(404, { detail: "Not found." });
        const next = { ...stored, ...pick(submitted, carrier) };
        const errors = carrier.validate(next, submitted);
        if (errors) return send(400, errors);
        account.configs.set(name, next);
        return send(200, this.present(carrier, next, omitPrefixes));
      }
      default:
        return send(405, { detail: `Method "${method}" not allowed.` });
    }
  }

  /** Answers as the fault says, instead of doing the work. */
  private answerWithFault(fault: Fault, request: ParsedRequest, route: Route, exchange: Exchange): void {
    const { req, res, entry, send } = exchange;
    switch (fault.kind) {
      case "status":
        return send(
          fault.status,
          fault.body ?? { detail: `Emulated ${fault.status}.` },
          fault.retryAfter ? { "retry-after": fault.retryAfter } : {},
        );
      case "hang":
        entry.status = "hung";
        this.hung.add(res);
        return;
      case "drop":
        entry.status = "dropped";
        req.socket.destroy();
        return;
      case "malformed":
        return sendRaw(res, entry, 200, "application/json", '{"authId": "MA');
      case "html":
        return sendRaw(
          res,
          entry,
          fault.status,
          "text/html",
          `<!DOCTYPE html><html><body><h1>${fault.status}</h1><p>upstream error</p></body></html>`,
        );
      case "empty":
        return send(200);
      case "missing-fields":
        return send(200, { authTokenPrefix: { prefix: "tok" }, callCreationAllowedAgentIds: [] });
      case "redirect":
        return send(fault.status, undefined, { location: fault.location });
      case "huge":
        return sendRaw(res, entry, fault.status ?? 200, "application/json", `{"detail": "${"x".repeat(fault.bytes)}"}`);
      case "echo-secrets":
        return send(400, this.echoSecrets(request, route, "x".repeat(fault.pad ?? 0)));
      case "echo-encoded":
        return send(400, echoEncoded(this.submittedSecrets(request, route), request.apiKey));
      case "echo-stored":
        return send(400, this.echoStored(request.apiKey, route));
    }
  }

  /** The secrets a request submits, each with the user it would go with in an HTTP Basic header. */
  private submittedSecrets(request: ParsedRequest, route: Route): { user: string; value: string }[] {
    if (route.kind === "account" || route.kind === "object") return [];
    if (route.kind === "agents") return submittedSharedSecrets(request.body).map((value) => ({ user: "agent", value }));
    const submitted = (request.body ?? {}) as Record<string, unknown>;
    const user = String(submitted[route.carrier.required[0]]);
    return route.carrier.secrets.map((s) => submitted[s.field]).flatMap((v) => (typeof v === "string" ? [{ user, value: v }] : []));
  }

  /** The `echo-secrets` body: the secrets the request submits and its API key, after `pad`. */
  private echoSecrets(request: ParsedRequest, route: Route, pad: string): Record<string, unknown> {
    if (route.kind === "object")
      return { detail: `${pad}Request with key ${request.apiKey} failed; the body was ${request.raw.toString("utf8")}.` };
    if (route.kind !== "telephony") return echoSubmittedSecrets(request.body, request.apiKey, pad);
    const submitted = (request.body ?? {}) as Record<string, unknown>;
    const { carrier } = route;
    const [first] = carrier.secrets;
    return {
      [first.field]: [`${pad}The carrier rejected the credentials ${carrier.secrets.map((s) => String(submitted[s.field])).join(":")}.`],
      detail: `${pad}Request with key ${request.apiKey} failed; ${first.field} was ${JSON.stringify(submitted[first.field])}.`,
    };
  }

  /** The `echo-stored` body: the secrets the addressed config or agent holds now. */
  private echoStored(apiKey: string | undefined, route: Route): Record<string, unknown> {
    const account = apiKey ? this.accounts.get(apiKey) : undefined;
    if (route.kind === "account" || route.kind === "object") return { non_field_errors: ["Nothing to quote."] };
    if (route.kind === "agents") return echoStoredSecrets(route.agentId ? account?.agents.get(route.agentId) : undefined);
    const stored = account?.configs.get(route.name);
    const held = route.carrier.secrets.map((s) => `${s.field} ${String(stored?.[s.field])}`).join(", ");
    return { non_field_errors: [`The new credentials were refused; the config keeps ${held}.`] };
  }

  /** A config as the API shows it: secrets replaced by their prefixes. */
  private present(carrier: Carrier, stored: StoredConfig, omitPrefixes: boolean): StoredConfig {
    const shown: StoredConfig = { ...stored };
    for (const secret of carrier.secrets) {
      delete shown[secret.field];
      const value = stored[secret.field];
      if (!omitPrefixes) shown[secret.prefixField] = { prefix: this.prefixOf(typeof value === "string" ? value : "") };
    }
    return shown;
  }
}

type Send = (status: number, payload?: unknown, headers?: Record<string, string>) => void;

/** An account as `GET /api/accounts/me` shows it: a free account with no calls. */
function presentAccount(account: Account): Record<string, unknown> {
  return {
    accountId: account.accountId,
    name: account.name,
    billingUrl: "https://app.ultravox.invalid/billing",
    freeTimeUsed: "0s",
    freeTimeRemaining: "1800s",
    hasActiveSubscription: false,
    subscriptionTier: null,
    subscriptionCadence: null,
    subscriptionExpiration: null,
    subscriptionScheduledUpdate: null,
    subscriptionRenewal: null,
    activeCalls: 0,
    allowedConcurrentCalls: 5,
    allowedVoices: 10,
    allowedCorpora: 10,
  };
}

/** The `echo-encoded` body: as a carrier's error, or a web page made of one, might quote the values. */
function echoEncoded(secrets: { user: string; value: string }[], apiKey: string | undefined): DrfErrors {
  const forms = (value: string) => [
    `hex ${Buffer.from(value, "utf8").toString("hex")}`,
    `as typed ${value.toUpperCase()}`,
    `<p>${[...value].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join("")}</p>`,
  ];
  return {
    non_field_errors: [
      ...secrets.flatMap(({ user, value }) => [
        `Authorization: Basic ${Buffer.from(`${user}:${value}`, "utf8").toString("base64")}`,
        ...forms(value),
      ]),
      ...(apiKey === undefined ? [] : forms(apiKey)),
    ],
  };
}

interface ParsedRequest {
  method: string;
  path: string;
  apiKey: string | undefined;
  body: unknown;
  /** The body was not JSON. */
  bodyError: boolean;
  raw: Buffer;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
}

/** The route a path names, or undefined (404). */
function routeOf(path: string): Route | undefined {
  const telephony = /^\/api\/telephony_configs\/([a-z]+)\/?$/.exec(path);
  if (telephony) {
    const name = telephony[1];
    return Object.hasOwn(carriers, name) ? { kind: "telephony", name, carrier: carriers[name] } : undefined;
  }
  if (path === ACCOUNT_PATH) return { kind: "account" };
  for (const route of OBJECT_ROUTES) {
    const match = route.pattern.exec(path);
    if (match) return { kind: "object", route, params: match.slice(1).map((p) => (p === undefined ? undefined : decodeSegment(p))) };
  }
  const agents = /^\/api\/agents(?:\/([^/]+))?\/?$/.exec(path);
  if (agents) return { kind: "agents", agentId: agents[1] === undefined ? undefined : decodeSegment(agents[1]) };
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readRequest(req: IncomingMessage): Promise<ParsedRequest> {
  const header = req.headers["x-api-key"];
  const raw = await readBody(req);
  let body: unknown = undefined;
  let bodyError = false;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      bodyError = true;
    }
  }
  const [path, query = ""] = (req.url ?? "/").split("?");
  return {
    method: req.method ?? "GET",
    path,
    apiKey: Array.isArray(header) ? header[0] : header,
    body,
    bodyError,
    raw,
    headers: req.headers,
    query: new URLSearchParams(query),
  };
}

function sendRaw(res: ServerResponse, entry: RecordedRequest, status: number, contentType: string, text: string): void {
  entry.status = status;
  res.writeHead(status, { "content-type": contentType });
  res.end(text, "utf8");
}

/** Known fields only: DRF ignores the rest. */
function pick(submitted: StoredConfig, carrier: Carrier): StoredConfig {
  const known = new Set([...Object.keys(carrier.defaults()), ...carrier.required, ...carrier.secrets.map((s) => s.field)]);
  return Object.fromEntries(Object.entries(submitted).filter(([k]) => known.has(k)));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", () => resolve(Buffer.alloc(0)));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
