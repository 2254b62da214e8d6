/**
 * Runs a Pulumi program the way the language host would (see run-program.ts) and hands back
 * what it registered, with secrets unwrapped and remembered as such.
 */
import { fork } from "node:child_process";
import { copyFileSync } from "node:fs";
import { basename, join, resolve, sep } from "node:path";
import { REPO_ROOT } from "./installed-app";
import { SECRET_SIG } from "./pulumi-wire";
import type { ProgramOptions, ProgramResult } from "./run-program";

export interface RegisteredResource {
  type: string;
  name: string;
  urn: string;
  /** Inputs as plain values (what the provider process receives), `__provider` included. */
  inputs: Record<string, unknown>;
  /** Top-level inputs that were secrets. */
  secretInputs: string[];
  additionalSecretOutputs: string[];
  /** Milliseconds from requiring the program to this registration (serialization included). */
  registeredAtMs: number;
}

export interface ProgramRun {
  resources: RegisteredResource[];
  /** Resources the program reads without managing them (static `get`s). */
  reads: ReadResource[];
  /** The program's exports that are plain values. */
  exports: Record<string, unknown>;
  error?: string;
}

/** A static `get`: what the engine reads with the provider, and keeps out of `destroy`. */
export interface ReadResource {
  type: string;
  name: string;
  urn: string;
  id: string;
  /** Properties as the provider receives them, `__provider` included. */
  properties: Record<string, unknown>;
}

const RUNNER = join(REPO_ROOT, "build", "harness", "run-program.js");

/**
 * Runs `programFile` (compiled JavaScript) under mocks in `appDir`, copying it there first unless
 * it already lives inside (a program run from this repository's own checkout). The runner is a
 * forked Node process: options go to it, and what the program registered comes back, over IPC.
 */
/** How to run a program: everything but the program file, which runProgram places. */
export type RunOptions = Partial<Omit<ProgramOptions, "program">>;

export async function runProgram(appDir: string, programFile: string, options: RunOptions = {}): Promise<ProgramRun> {
  const inside = resolve(programFile).startsWith(resolve(appDir) + sep);
  const target = inside ? resolve(programFile) : join(appDir, basename(programFile));
  if (!inside) copyFileSync(programFile, target);
  const programOptions: ProgramOptions = {
    program: target,
    project: options.project ?? "ultravox-app",
    stack: options.stack ?? "dev",
    config: options.config ?? {},
    secretKeys: options.secretKeys ?? [],
    preview: options.preview ?? false,
    outputs: options.outputs ?? {},
  };
  const result = await new Promise<ProgramResult>((resolvePromise, reject) => {
    const child = fork(RUNNER, [], { cwd: appDir, stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let stderr = "";
    let answer: ProgramResult | undefined;
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("message", (message) => (answer = message as ProgramResult));
    child.on("error", reject);
    child.on("exit", () =>
      answer ? resolvePromise(answer) : reject(new Error(`the program runner sent no result; its stderr:\n${stderr}`)),
    );
    child.send(programOptions);
  });
  return {
    error: result.error,
    exports: result.exports,
    reads: result.reads.map((r) => ({
      ...r,
      urn: `urn:pulumi:${programOptions.stack}::${programOptions.project}::${r.type}::${r.name}`,
      properties: unwrapSecrets(r.properties) as Record<string, unknown>,
    })),
    resources: result.registrations
      .filter((r) => r.custom)
      .map((r) => {
        const secretInputs = Object.keys(r.inputs).filter((k) => containsSecret(r.inputs[k]));
        return {
          type: r.type,
          name: r.name,
          urn: `urn:pulumi:${programOptions.stack}::${programOptions.project}::${r.type}::${r.name}`,
          inputs: unwrapSecrets(r.inputs) as Record<string, unknown>,
          secretInputs,
          additionalSecretOutputs: r.additionalSecretOutputs,
          registeredAtMs: r.atMs,
        };
      }),
  };
}

function isSecretWrapper(value: unknown): value is { value: unknown } {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG.key] === SECRET_SIG.value;
}

function containsSecret(value: unknown): boolean {
  if (isSecretWrapper(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsSecret);
  return false;
}

function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapper(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}
