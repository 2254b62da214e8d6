/**
 * An engine-level fixture: the emulator, Pulumi's real provider process in the installed app
 * folder, the harness engine, and the example program run under mocks.
 */
import { join } from "node:path";
import { UltravoxEmulator, type EmulatorOptions } from "../../emulator/server";
import { Engine } from "../../harness/engine";
import { REPO_ROOT } from "../../harness/installed-app";
import { exposedPlaces, scanForSecrets, secretKeysOf, type LeakHit } from "../../harness/leak-scan";
import { runProgram, type ProgramRun, type RegisteredResource, type RunOptions } from "../../harness/program";
import { ProviderProcess } from "../../harness/provider-process";
import { CARRIERS, labelledSecrets, PLIVO, secretValues, type CarrierCase } from "../carriers";

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
  /**
   * Runs a program (default: the example) with the stack config plus `config`, as under `pulumi up`
   * (with `options.outputs` as what resources of those names got) or `pulumi preview`.
   */
  program(config?: Record<string, string>, file?: string, options?: Pick<RunOptions, "preview" | "outputs">): Promise<ProgramRun>;
  /** Runs test/programs/telephony.ts: one config of `carrier`, as a user would declare it. */
  telephony(carrier: CarrierCase, options?: TelephonyOptions): Promise<RegisteredResource[]>;
  /**
   * Runs test/programs/resources.ts: `entries` declared in order (an argument `{ $output: "a.b" }`
   * is resource a's output b), each resource's `secrets` given as secret config; as under `pulumi up`
   * (with `options.outputs` as what resources of those names got) or `pulumi preview`.
   */
  resources(
    entries: ResourceEntry[],
    secrets?: Record<string, Record<string, unknown>>,
    options?: Pick<RunOptions, "preview" | "outputs">,
  ): Promise<ProgramRun>;
  /** Every secret this fixture knows, labelled: the API key and every carrier's values. */
  secrets: Record<string, string>;
  /** The leak scan over `engine` (default: the fixture's), a provider process (default: the fixture's), and `extra`. */
  leaks(engine?: Engine, extra?: Record<string, string>, process?: ProviderProcess): LeakHit[];
  stop(): Promise<void>;
}

/** A resource of test/programs/resources.ts. */
export interface ResourceEntry {
  class: string;
  name: string;
  args?: Record<string, unknown>;
  /** Read the object of this id with the class's static `get`, instead of managing one. */
  get?: string;
}

export interface TelephonyOptions {
  agentIds?: string[];
  /** Which of the carrier's values the program sets (default: first). */
  secrets?: "first" | "next";
  /** Other arguments (a baseUrl, an ultravoxApiKey, ...). */
  extra?: Record<string, unknown>;
  /** The resource's name in the program (default: the carrier's). */
  name?: string;
}

export interface FixtureOptions {
  emulator?: EmulatorOptions;
  stackConfig?: Record<string, string>;
}

export async function engineFixture(options: FixtureOptions = {}): Promise<EngineFixture> {
  const appDir = process.env.UV_TEST_APP_DIR;
  if (!appDir) throw new Error("UV_TEST_APP_DIR is not set: run through jest (test/global-setup.ts)");
  const emulator = await new UltravoxEmulator(options.emulator).start();
  const apiKey = emulator.addAccount();
  const stackConfig = { "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url, "ultravox:maxRetries": "2", ...options.stackConfig };
  const provider = await ProviderProcess.start({ cwd: appDir, project: PROJECT });
  await provider.configure(stackConfig);
  const engine = new Engine(provider);
  const secrets: Record<string, string> = {
    "API key": apiKey,
    ...Object.fromEntries(CARRIERS.flatMap((c) => Object.entries(labelledSecrets(c)))),
  };
  // Keys Pulumi stores as secrets, from every program this fixture ran.
  const secretKeys = new Set<string>();
  const program = async (
    config: Record<string, string> = {},
    file = EXAMPLE,
    runOptions: Pick<RunOptions, "preview" | "outputs"> = {},
  ): Promise<ProgramRun> => {
    const run = await runProgram(appDir, file, {
      ...runOptions,
      project: PROJECT,
      config: {
        ...stackConfig,
        [`${PROJECT}:plivoAuthId`]: PLIVO.identity.authId,
        [`${PROJECT}:plivoAuthToken`]: PLIVO.values.authToken.first,
        ...config,
      },
      secretKeys: [
        "ultravox:apiKey",
        `${PROJECT}:plivoAuthToken`,
        `${PROJECT}:secrets`,
        `${PROJECT}:sharedSecrets`,
        `${PROJECT}:secretValues`,
        `${PROJECT}:resourceSecrets`,
      ],
    });
    for (const key of secretKeysOf(run.resources)) secretKeys.add(key);
    return run;
  };
  return {
    emulator,
    apiKey,
    provider,
    engine,
    appDir,
    stackConfig,
    secrets,
    program,
    telephony: async (carrier, telephonyOptions = {}) => {
      const run = await program(
        {
          [`${PROJECT}:carrier`]: carrier.name,
          [`${PROJECT}:identity`]: JSON.stringify(carrier.identity),
          [`${PROJECT}:secrets`]: JSON.stringify(secretValues(carrier, telephonyOptions.secrets ?? "first")),
          [`${PROJECT}:secretFields`]: JSON.stringify(carrier.secrets.map((s) => s.field)),
          [`${PROJECT}:agentIds`]: JSON.stringify(telephonyOptions.agentIds ?? []),
          [`${PROJECT}:extra`]: JSON.stringify(telephonyOptions.extra ?? {}),
          ...(telephonyOptions.name ? { [`${PROJECT}:resourceName`]: telephonyOptions.name } : {}),
        },
        join(PROGRAMS, "telephony.js"),
      );
      if (run.error) throw new Error(`the telephony program failed: ${run.error}`);
      return run.resources;
    },
    resources: async (entries, resourceSecrets = {}, runOptions = {}) => {
      const run = await program(
        {
          [`${PROJECT}:resources`]: JSON.stringify(entries),
          [`${PROJECT}:resourceSecrets`]: JSON.stringify(resourceSecrets),
          [`${PROJECT}:resourceSecretNames`]: JSON.stringify(
            Object.fromEntries(Object.entries(resourceSecrets).map(([n, v]) => [n, Object.keys(v)])),
          ),
        },
        join(PROGRAMS, "resources.js"),
        runOptions,
      );
      if (run.error) throw new Error(`the resources program failed: ${run.error}`);
      return run;
    },
    leaks: (using = engine, extra = {}, process = provider) => scanForSecrets(secrets, exposedPlaces(using, process, secretKeys, extra)),
    stop: async () => {
      await provider.stop();
      await emulator.stop();
    },
  };
}
