/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks`, in its own Node process, and sends back
 * over IPC what the program registered: type token, name, inputs (secrets still wrapped in
 * Pulumi's signature, so the harness knows which were secret), `additionalSecretOutputs`, and
 * `__provider` exactly as Pulumi serialized it.
 *
 * A separate process because Pulumi's serializer looks modules up in Node's own `require.cache`
 * (a test runner's module system would change what it writes), and because the program must load
 * `@pulumi/pulumi` and `pulumi-ultravox` from its own folder, as under `pulumi up`.
 *
 * Started by `runProgram` (program.ts) with `fork`; it sends the ProgramOptions as its first message.
 */
import { createRequire } from "node:module";
import { resolve } from "node:path";

export interface ProgramOptions {
  /** The compiled program, inside the program folder. */
  program: string;
  project: string;
  stack: string;
  /** Stack config, keys fully qualified (`ultravox:apiKey`, `<project>:plivoAuthToken`). */
  config: Record<string, string>;
  secretKeys: string[];
  /**
   * Run as under `pulumi preview`: outputs no resource has yet are unknown. Otherwise as under
   * `pulumi up`, where a resource's outputs are what `outputs` gives for its name (what the engine
   * would have received from creating it), else its inputs.
   */
  preview: boolean;
  outputs: Record<string, Record<string, unknown>>;
}

export interface Registration {
  type: string;
  name: string;
  custom: boolean;
  /** Inputs as the monitor received them: secrets wrapped as {"4dabf1...": "1b4706...", value}. */
  inputs: Record<string, unknown>;
  additionalSecretOutputs: string[];
  /** Milliseconds from the moment the program was required to this registration. */
  atMs: number;
}

/** A resource the program reads without managing it (a static `get`: `opts.id`). */
export interface ReadRegistration {
  type: string;
  name: string;
  id: string;
  /** The properties sent with the read, `__provider` included. */
  properties: Record<string, unknown>;
}

export interface ProgramResult {
  registrations: Registration[];
  reads: ReadRegistration[];
  /** The program module's exports that are plain JSON values (Outputs are left out). */
  exports: Record<string, unknown>;
  /** The program's error, if it threw. */
  error?: string;
}

async function run(options: ProgramOptions): Promise<ProgramResult> {
  const program = resolve(options.program);
  // Everything from the program's folder, like the language host does.
  const programRequire = createRequire(program);
  const pulumi = programRequire("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  // `waitForRPCs` is internal to the SDK (not in its typings), so this module gets a type of its own.
  const settings = programRequire("@pulumi/pulumi/runtime/settings") as SdkSettings;

  const registrations: Registration[] = [];
  const result: ProgramResult = { registrations, reads: [], exports: {} };
  // Serialization runs inside Output promises: its failures surface here, not in the try below.
  process.on("unhandledRejection", (error) => {
    result.error ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  });
  try {
    await pulumi.runtime.setMocks(
      {
        newResource: (args: { name: string; inputs: Record<string, unknown> }) => ({
          id: `${args.name}-id`,
          state: { ...args.inputs, ...options.outputs[args.name] },
        }),
        call: (args: { inputs: Record<string, unknown> }) => args.inputs,
      },
      options.project,
      options.stack,
      options.preview,
    );
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);
    let started = 0n;
    // Under mocks the monitor is Pulumi's MockMonitor: wrap its registerResource to see each request.
    const monitor = settings.getMonitor() as MockMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterRequest, callback: (err: unknown, response: unknown) => void) => {
      registrations.push({
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        inputs: req.getObject()?.toJavaScript() ?? {},
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        atMs: Number(process.hrtime.bigint() - started) / 1e6,
      });
      return register(req, callback);
    };
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req: ReadRequest, callback: (err: unknown, response: unknown) => void) => {
      result.reads.push({
        type: req.getType(),
        name: req.getName(),
        id: req.getId(),
        properties: req.getProperties()?.toJavaScript() ?? {},
      });
      return read(req, callback);
    };

    started = process.hrtime.bigint();
    const exported = programRequire(program) as { default?: unknown } | undefined;
    const main = exported?.default ?? exported;
    if (typeof main === "function") await (main as () => unknown)();
    result.exports = Object.fromEntries(
      Object.entries(exported ?? {}).filter(([, v]) => !pulumi.Output.isInstance(v) && typeof v !== "function"),
    );
    await settings.waitForRPCs();
    // A serialization failure surfaces as an unhandled rejection a moment after the RPCs settle.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return result;
}

interface SdkSettings {
  getMonitor(): unknown;
  waitForRPCs(): Promise<void>;
}

interface MockMonitor {
  registerResource(req: RegisterRequest, callback: (err: unknown, response: unknown) => void): Promise<void>;
  readResource(req: ReadRequest, callback: (err: unknown, response: unknown) => void): Promise<void>;
}

interface ReadRequest {
  getType(): string;
  getName(): string;
  getId(): string;
  getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getAdditionalsecretoutputsList(): string[];
}

process.once("message", (options) => {
  void run(options as ProgramOptions).then((result) => process.send!(result, () => process.exit(0)));
});
