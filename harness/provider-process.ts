/**
 * Pulumi's real dynamic-provider process, started and spoken to as the engine does.
 *
 * The engine runs `pulumi-resource-pulumi-nodejs` (a shell script inside @pulumi/pulumi) in the
 * program's folder; it starts `node .../cmd/dynamic-provider/index.js <engine>`, which prints its
 * gRPC port. We do the same, then call `pulumirpc.ResourceProvider` with the stubs the SDK ships.
 * Every answer and error is kept, with the process's stdout and stderr, for the leak scan.
 */
import type * as grpc from "@grpc/grpc-js";
import type * as grpcServices from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type * as statusProto from "@pulumi/pulumi/proto/status_pb";
import type * as structProto from "google-protobuf/google/protobuf/struct_pb";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

type Props = Record<string, unknown>;

/** The SDK's own gRPC stubs, loaded from the program folder's @pulumi/pulumi (typed by this repository's). */
interface Stubs {
  grpc: typeof grpc;
  services: typeof grpcServices;
  proto: typeof providerProto;
  status: typeof statusProto;
  struct: typeof structProto;
}

export type DiffChanges = "none" | "some" | "unknown";

export interface CheckAnswer {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

export interface DiffAnswer {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface ReadAnswer {
  id: string;
  properties: Props;
  inputs: Props | undefined;
}

export interface TranscriptEntry {
  method: string;
  answer?: Props;
  error?: string;
}

/**
 * What a provider reports with a failed Create or Update when the object exists but the operation
 * did not finish (`ErrorResourceInitFailed` in the error's details): the engine stores this state,
 * with `reasons` as the resource's init errors, and updates the resource again on the next `up`.
 */
export interface PartialState {
  id: string;
  properties: Props;
  reasons: string[];
}

export class RpcError extends Error {
  constructor(
    readonly method: string,
    message: string,
    readonly partial?: PartialState,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export interface StartOptions {
  /** The program folder (cwd of the process, as under the engine). */
  cwd: string;
  project?: string;
  stack?: string;
  /** Environment variables to set (or, when undefined, remove) for the process. */
  env?: Record<string, string | undefined>;
}

function withEnv(base: NodeJS.ProcessEnv, changes: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export class ProviderProcess {
  stdout = "";
  stderr = "";
  /** Every answer (as the engine receives it) and every error message, in order. */
  readonly transcript: TranscriptEntry[] = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: grpcServices.ResourceProviderClient,
    private readonly stubs: Stubs,
  ) {
    child.on("exit", () => (this.exited = true));
  }

  static async start(options: StartOptions): Promise<ProviderProcess> {
    const appRequire = createRequire(join(options.cwd, "index.js"));
    const sdkDir = dirname(appRequire.resolve("@pulumi/pulumi/package.json"));
    const sdkRequire = createRequire(join(sdkDir, "package.json"));
    const stubs: Stubs = {
      grpc: sdkRequire("@grpc/grpc-js") as typeof grpc,
      services: sdkRequire("./proto/provider_grpc_pb") as typeof grpcServices,
      proto: sdkRequire("./proto/provider_pb") as typeof providerProto,
      status: sdkRequire("./proto/status_pb") as typeof statusProto,
      struct: sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof structProto,
    };

    // The script runs `node` from PATH: make it this process's.
    const nodeBinDir = dirname(process.execPath);
    const child = spawn("sh", [join(sdkDir, "pulumi-resource-pulumi-nodejs"), "127.0.0.1:0"], {
      cwd: options.cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: withEnv(
        {
          ...process.env,
          PATH: `${nodeBinDir}:${process.env.PATH ?? ""}`,
          PULUMI_NODEJS_PROJECT: options.project ?? "ultravox-app",
          PULUMI_NODEJS_STACK: options.stack ?? "dev",
        },
        options.env ?? {},
      ),
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      let err = "";
      const timer = setTimeout(() => reject(new Error(`the provider process printed no port in 30 s; stderr:\n${err}`)), 30_000);
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.stdout.on("data", function onData(d: Buffer) {
        out += d.toString();
        const newline = out.indexOf("\n");
        if (newline >= 0) {
          clearTimeout(timer);
          child.stdout.off("data", onData);
          resolve(Number(out.slice(0, newline).trim()));
        }
      });
      child.on("exit", (code) => reject(new Error(`the provider process exited (${code}) before printing its port; stderr:\n${err}`)));
    });
    const client = new stubs.services.ResourceProviderClient(`127.0.0.1:${port}`, stubs.grpc.credentials.createInsecure());
    const provider = new ProviderProcess(child, client, stubs);
    child.stdout.on("data", (d: Buffer) => (provider.stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (provider.stderr += d.toString()));
    return provider;
  }

  /** Stack config, keys fully qualified (`ultravox:apiKey`). */
  async configure(config: Record<string, string>): Promise<void> {
    const req = new this.stubs.proto.ConfigureRequest();
    req.setArgs(this.toStruct(config));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    await this.call<providerProto.ConfigureResponse>("configure", (cb) => this.client.configure(req, cb));
  }

  async check(urn: string, olds: Props, news: Props): Promise<CheckAnswer> {
    const req = new this.stubs.proto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(this.toStruct(olds));
    req.setNews(this.toStruct(news));
    const resp = await this.call<providerProto.CheckResponse>("check", (cb) => this.client.check(req, cb));
    return this.record("check", {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    });
  }

  async diff(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<DiffAnswer> {
    const req = new this.stubs.proto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(this.toStruct(olds));
    req.setNews(this.toStruct(news));
    req.setOldInputs(this.toStruct(oldInputs));
    const resp = await this.call<providerProto.DiffResponse>("diff", (cb) => this.client.diff(req, cb));
    const changes = resp.getChanges();
    const kinds = this.stubs.proto.DiffResponse.DiffChanges;
    return this.record("diff", {
      changes: changes === kinds.DIFF_SOME ? "some" : changes === kinds.DIFF_NONE ? "none" : "unknown",
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    });
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const req = new this.stubs.proto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(this.toStruct(properties));
    const resp = await this.call<providerProto.CreateResponse>("create", (cb) => this.client.create(req, cb));
    return this.record("create", { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} });
  }

  async read(urn: string, id: string, properties: Props, inputs: Props): Promise<ReadAnswer> {
    const req = new this.stubs.proto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(this.toStruct(properties));
    req.setInputs(this.toStruct(inputs));
    const resp = await this.call<providerProto.ReadResponse>("read", (cb) => this.client.read(req, cb));
    return this.record("read", {
      id: resp.getId(),
      properties: resp.getProperties()?.toJavaScript() ?? {},
      inputs: resp.getInputs()?.toJavaScript(),
    });
  }

  async update(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<{ properties: Props }> {
    const req = new this.stubs.proto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(this.toStruct(olds));
    req.setNews(this.toStruct(news));
    req.setOldInputs(this.toStruct(oldInputs));
    const resp = await this.call<providerProto.UpdateResponse>("update", (cb) => this.client.update(req, cb));
    return this.record("update", { properties: resp.getProperties()?.toJavaScript() ?? {} });
  }

  async delete(urn: string, id: string, properties: Props, oldInputs: Props): Promise<void> {
    const req = new this.stubs.proto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(this.toStruct(properties));
    req.setOldInputs(this.toStruct(oldInputs));
    await this.call<unknown>("delete", (cb) => this.client.delete(req, cb));
    this.record("delete", {});
  }

  /**
   * The process's stderr from `from` on, once it holds `text` (or after `ms`): what the process writes
   * reaches its pipe independently of the gRPC answer, so it may come a moment later.
   */
  async stderrWith(text: string, from = 0, ms = 5_000): Promise<string> {
    for (const deadline = Date.now() + ms; !this.stderr.slice(from).includes(text) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.stderr.slice(from);
  }

  /** The provider's node process (the shell script's child). */
  nodePid(): number | undefined {
    try {
      const children = readFileSync(`/proc/${this.child.pid}/task/${this.child.pid}/children`, "utf8").trim().split(/\s+/);
      return children[0] ? Number(children[0]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Peak resident memory of the provider's node process so far (Linux: VmHWM), in bytes. */
  peakRssBytes(): number | undefined {
    const pid = this.nodePid();
    if (pid === undefined) return undefined;
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  }

  /** Ends the process (and the shell that started it) and waits for it. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    try {
      process.kill(-this.child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await done;
  }

  private toStruct(props: Props): structProto.Struct {
    return this.stubs.struct.Struct.fromJavaScript(props as Record<string, structProto.JavaScriptValue>);
  }

  /** The partial state packed into an error's `grpc-status-details-bin`, as the engine unpacks it. */
  private partialState(error: grpc.ServiceError): PartialState | undefined {
    const [bin] = error.metadata?.get("grpc-status-details-bin") ?? [];
    if (!(bin instanceof Buffer)) return undefined;
    const status = this.stubs.status.Status.deserializeBinary(new Uint8Array(bin));
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      const failed = this.stubs.proto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      return { id: failed.getId(), properties: failed.getProperties()?.toJavaScript() ?? {}, reasons: failed.getReasonsList() };
    }
    return undefined;
  }

  private record<T extends object>(method: string, answer: T): T {
    this.transcript.push({ method, answer: answer as Props });
    return answer;
  }

  private call<R>(method: string, invoke: (callback: (error: grpc.ServiceError | null, resp: R) => void) => void): Promise<R> {
    return new Promise((resolve, reject) => {
      invoke((error, resp) => {
        if (error) {
          const message = String(error.details ?? error.message);
          const partial = this.partialState(error);
          this.transcript.push({ method, error: message, ...(partial ? { answer: partial.properties } : {}) });
          reject(new RpcError(method, message, partial));
        } else {
          resolve(resp);
        }
      });
    });
  }
}
