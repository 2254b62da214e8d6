/**
 * Runs a Pulumi program the way the language host would (see run-program.ts) and hands back
 * what it registered, with secrets unwrapped and remembered as such.
 */
import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { basename, join, resolve, sep } from "node:path";
import { REPO_ROOT, scratchDir } from "./installed-app";
import type { ProgramOptions, ProgramResult } from "./run-program";

/** Pulumi's marker for a secret value in the RPC wire format. */
export const SECRET_SIG = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

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
  error?: string;
}

export interface RunOptions extends Partial<ProgramOptions> {
  /** The node binary. Default: this process's. */
  node?: string;
}

const RUNNER = join(REPO_ROOT, "build", "test", "harness", "run-program.js");

/**
 * Runs `programFile` (compiled JavaScript) under mocks in `appDir`, copying it there first unless
 * it already lives inside (a program run from this repository's own checkout).
 */
export async function runProgram(appDir: string, programFile: string, options: RunOptions = {}): Promise<ProgramRun> {
  const inside = resolve(programFile).startsWith(resolve(appDir) + sep);
  const target = inside ? resolve(programFile) : join(appDir, basename(programFile));
  if (!inside) copyFileSync(programFile, target);
  const resultDir = scratchDir("program-");
  const resultFile = join(resultDir, "result.json");
  const programOptions: ProgramOptions = {
    project: options.project ?? "ultravox-app",
    stack: options.stack ?? "dev",
    config: options.config ?? {},
    secretKeys: options.secretKeys ?? [],
    preview: options.preview ?? false,
  };
  const stderr = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn(options.node ?? process.execPath, [RUNNER, target, resultFile], {
      cwd: appDir,
      env: { ...process.env, UV_PROGRAM_OPTIONS: JSON.stringify(programOptions) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stdout.resume();
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", () => resolvePromise(err));
  });
  let result: ProgramResult;
  try {
    result = JSON.parse(readFileSync(resultFile, "utf8")) as ProgramResult;
  } catch {
    throw new Error(`the program runner wrote no result; its stderr:\n${stderr}`);
  } finally {
    rmSync(resultDir, { recursive: true, force: true });
  }
  return {
    error: result.error,
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

export function isSecretWrapper(value: unknown): value is { value: unknown } {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG.key] === SECRET_SIG.value;
}

export function containsSecret(value: unknown): boolean {
  if (isSecretWrapper(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsSecret);
  return false;
}

export function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapper(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}
