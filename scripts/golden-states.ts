/**
 * `npm run golden-states -- --package <checkout>`: writes the golden states of a release (see
 * harness/golden-state.ts) into test/golden/<version>/. Run it when a version is released, on a
 * built checkout of that version (`git worktree add <dir> v<version> && cd <dir> && npm ci && npm run build`),
 * and commit what it writes: from then on `npm test` refreshes, updates and destroys those states
 * with the current code.
 *
 * For each telephony config class the release exports, it creates one resource through Pulumi's
 * real provider process against the emulator and records the state: with the provider serialized
 * from the installed package and by value from a source checkout, and once more with the
 * resource's own Ultravox key (named `apiKey` on 0.1.0's PlivoTelephonyConfig, `ultravoxApiKey` since).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { UltravoxEmulator } from "../emulator/server";
import { Engine } from "../harness/engine";
import { capture } from "../harness/golden-state";
import { installApp, REPO_ROOT } from "../harness/installed-app";
import { runProgram } from "../harness/program";
import { ProviderProcess } from "../harness/provider-process";
import { CARRIERS, secretValues, type CarrierCase } from "../test/carriers";
import { AGENT_A } from "../test/values";

const PROJECT = "ultravox-app";
const FROM_CONFIG = join(REPO_ROOT, "build", "test", "programs", "from-config.js");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { package: { type: "string" }, out: { type: "string", default: join(REPO_ROOT, "test", "golden") } },
  });
  if (!values.package) throw new Error("--package <a built checkout of the released version> is required");
  const packageDir = resolve(values.package);
  const release = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const outDir = join(values.out, release);
  mkdirSync(outDir, { recursive: true });
  const scratch = (process.env.UV_TMP_ROOT = mkdtempSync(join(tmpdir(), "pulumi-ultravox-golden-")));
  try {
    const app = installApp({ packageDir });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.keys(require(join(packageDir, "dist", "index.js")) as object);
    for (const carrier of CARRIERS.filter((c) => exported.includes(c.resource))) {
      const variants = [
        ["installed", "installed", app.dir, undefined],
        ["source", "source", packageDir, undefined],
        ["installed-own-key", "installed", app.dir, release === "0.1.0" ? "apiKey" : "ultravoxApiKey"],
      ] as const;
      for (const [variant, form, dir, keyInput] of variants) {
        const file = join(outDir, `${carrier.name}-${variant}.json`);
        writeFileSync(
          file,
          `${JSON.stringify(await goldenState(carrier, { release, form, dir, sdk: app.sdkVersion, keyInput }), null, 2)}\n`,
        );
        console.log(`wrote ${file}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface Variant {
  release: string;
  form: "installed" | "source";
  /** The program folder. */
  dir: string;
  sdk: string;
  /** The input naming the resource's own Ultravox key; none: the stack's key. */
  keyInput?: string;
}

async function goldenState(carrier: CarrierCase, { release, form, dir, sdk, keyInput }: Variant) {
  const emulator = await new UltravoxEmulator().start();
  const stackKey = emulator.addAccount();
  const ownKey = emulator.addAccount();
  const apiKey = keyInput ? ownKey : stackKey;
  const secrets = secretValues(carrier);
  const args = {
    ...carrier.identity,
    ...secrets,
    callCreationAllowedAgentIds: [AGENT_A],
    requestContextMapping: { From: "user.phone_number" },
    ...(keyInput ? { [keyInput]: ownKey } : {}),
  };
  const stackConfig = { "ultravox:apiKey": stackKey, "ultravox:baseUrl": emulator.url };
  const run = await runProgram(dir, FROM_CONFIG, {
    project: PROJECT,
    config: { ...stackConfig, [`${PROJECT}:cases`]: JSON.stringify({ [carrier.name]: { resource: carrier.resource, args } }) },
    secretKeys: ["ultravox:apiKey"],
  });
  if (run.error) throw new Error(run.error);
  const provider = await ProviderProcess.start({ cwd: dir, project: PROJECT });
  try {
    await provider.configure(stackConfig);
    const engine = new Engine(provider);
    const result = await engine.up(run.resources);
    if (result.errors.length > 0) throw new Error(result.errors.join("\n"));
    const placeholders: Record<string, string> = {
      [stackKey]: "<ultravox-api-key>",
      [ownKey]: "<resource-api-key>",
      [emulator.url]: "<base-url>",
    };
    for (const s of carrier.secrets) {
      placeholders[secrets[s.field]] = `<${s.field}>`;
      placeholders[emulator.prefixOf(secrets[s.field])] = `<${s.prefixField}>`;
    }
    const [state] = engine.state.values();
    return capture(
      state,
      { release, sdk, form, resource: carrier.resource, args, remote: emulator.config(apiKey, carrier.name) ?? {} },
      placeholders,
    );
  } finally {
    await provider.stop();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
