/**
 * An engine-level fixture: the emulator, Pulumi's real provider process in the installed app
 * folder, the harness engine, and the example program run under mocks.
 */
import { join } from "node:path";
import { UltravoxEmulator, type EmulatorOptions } from "../../emulator/server";
import { Engine } from "../../harness/engine";
import { REPO_ROOT } from "../../harness/installed-app";
import { exposedPlaces, scanForSecrets, secretKeysOf, type LeakHit } from "../../harness/leak-scan";
import { runProgram, type ProgramRun } from "../../harness/program";
import { ProviderProcess } from "../../harness/provider-process";

export const EXAMPLE = join(REPO_ROOT, "build", "examples", "index.js");
export const PROGRAMS = join(REPO_ROOT, "build", "test", "programs");
export const PROJECT = "ultravox-app";

export interface EngineFixture {
  emulator: UltravoxEmulator;
  apiKey: string;
  provider: ProviderProcess;
  engine: Engine;
  appDir: string;
  /** Stack config the provider process was configured with. */
  stackConfig: Record<string, string>;
  /** Runs a program (default: the example) with the stack config plus `config`. */
  program(config?: Record<string, string>, file?: string): Promise<ProgramRun>;
  /** Every secret this fixture knows, labelled. */
  secrets: Record<string, string>;
  /** The leak scan over `engine` (default: the fixture's), a provider process (default: the fixture's), and `extra`. */
  leaks(engine?: Engine, extra?: Record<string, string>, process?: ProviderProcess): LeakHit[];
  stop(): Promise<void>;
}

export interface FixtureOptions {
  emulator?: EmulatorOptions;
  stackConfig?: Record<string, string>;
  token?: string;
}

export async function engineFixture(options: FixtureOptions = {}): Promise<EngineFixture> {
  const appDir = process.env.UV_TEST_APP_DIR;
  if (!appDir) throw new Error("UV_TEST_APP_DIR is not set: run through jest (test/global-setup.ts)");
  const emulator = await new UltravoxEmulator(options.emulator).start();
  const apiKey = emulator.addAccount();
  const token = options.token ?? "tokA-a4c123b1612dd272d137";
  const stackConfig = { "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url, "ultravox:maxRetries": "2", ...options.stackConfig };
  const provider = await ProviderProcess.start({ cwd: appDir, project: PROJECT });
  await provider.configure(stackConfig);
  const engine = new Engine(provider);
  const secrets: Record<string, string> = { "Plivo token": token, "API key": apiKey };
  // Keys Pulumi stores as secrets, from every program this fixture ran.
  const secretKeys = new Set<string>();
  return {
    emulator,
    apiKey,
    provider,
    engine,
    appDir,
    stackConfig,
    secrets,
    program: async (config = {}, file = EXAMPLE) => {
      const run = await runProgram(appDir, file, {
        project: PROJECT,
        config: {
          ...stackConfig,
          [`${PROJECT}:plivoAuthId`]: "MAFAKEAUTHID000000001",
          [`${PROJECT}:plivoAuthToken`]: token,
          ...config,
        },
        secretKeys: ["ultravox:apiKey", `${PROJECT}:plivoAuthToken`],
      });
      for (const key of secretKeysOf(run.resources)) secretKeys.add(key);
      return run;
    },
    leaks: (using = engine, extra = {}, process = provider) => scanForSecrets(secrets, exposedPlaces(using, process, secretKeys, extra)),
    stop: async () => {
      await provider.stop();
      await emulator.stop();
    },
  };
}
