/**
 * `npm run demo`: the example program's whole life (an Agent, and a Plivo config whose calls reach
 * it), as `pulumi` would print it, against the embedded Ultravox emulator, through Pulumi's real
 * dynamic-provider process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UltravoxEmulator } from "../emulator/server";
import { render, type RenderOptions } from "../harness/cli-printer";
import { Engine, type OperationResult } from "../harness/engine";
import { installApp, REPO_ROOT } from "../harness/installed-app";
import { exposedPlaces, scanForSecrets, secretKeysOf } from "../harness/leak-scan";
import { runProgram, type RegisteredResource } from "../harness/program";
import { ProviderProcess } from "../harness/provider-process";

const PROJECT = "ultravox-app";
// Demo-only values: plainly fake, generated for this run's emulator.
const TOKEN = "tokD-2ea68ef786e4d3cea27d";
const ROTATED = "tokX-26934b484e73cf575dca";
const CRM_TOKEN = "crmD-7a0c3e5b91d24f68";
const AGENT_TYPE = "pulumi-nodejs:dynamic/ultravox:Agent";

function say(text: string): void {
  console.log(process.stdout.isTTY ? `\n\x1b[1m${text}\x1b[0m` : `\n${text}`);
}

async function main(): Promise<void> {
  // Everything temporary (the program folder, the packed tarball) lives here, and goes at the end.
  const scratch = (process.env.UV_TMP_ROOT = mkdtempSync(join(tmpdir(), "pulumi-ultravox-demo-")));
  const emulator = await new UltravoxEmulator().start();
  const apiKey = emulator.addAccount();
  const app = installApp();
  const stackConfig = { "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url };
  const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
  const engine = new Engine(provider);
  const secretKeys = ["ultravox:apiKey", `${PROJECT}:plivoAuthToken`, `${PROJECT}:crmToken`];
  const registered: RegisteredResource[] = [];

  /** The example, as registered once the agent has the outputs it has now (unknown in a preview). */
  const program = async (change: { systemPrompt?: string; agentIds?: string[] }, preview = false) => {
    const agent = [...engine.state.values()].find((s) => s.type === AGENT_TYPE);
    const run = await runProgram(app.dir, join(REPO_ROOT, "build", "examples", "index.js"), {
      project: PROJECT,
      config: {
        ...stackConfig,
        [`${PROJECT}:plivoAuthId`]: "MADEMOAUTHID00000001",
        [`${PROJECT}:plivoAuthToken`]: TOKEN,
        [`${PROJECT}:crmToken`]: CRM_TOKEN,
        [`${PROJECT}:agentIds`]: JSON.stringify(change.agentIds ?? []),
        ...(change.systemPrompt ? { [`${PROJECT}:systemPrompt`]: change.systemPrompt } : {}),
      },
      secretKeys,
      preview,
      outputs: agent ? { support: agent.outputs } : {},
    });
    if (run.error) throw new Error(run.error);
    registered.push(...run.resources);
    return run.resources;
  };
  /** `pulumi up`: the agent first; the Plivo config once the agent's id is known, as the engine orders them. */
  const up = async (change: { systemPrompt?: string; agentIds?: string[] } = {}): Promise<OperationResult> => {
    const first = await engine.upStage((await program(change)).filter((r) => r.type === AGENT_TYPE));
    const second = await engine.up(await program(change));
    const steps = [...first.steps, ...second.steps.filter((s) => s.type !== AGENT_TYPE)];
    return { steps, errors: [...first.errors, ...second.errors] };
  };
  /**
   * Runs `operation` and prints it as the CLI would. The harness's state holds no stack resource:
   * it is empty exactly when the stack is new (before the first `up`), and then the stack resource
   * is created too.
   */
  const show = async (options: RenderOptions, operation: () => Promise<OperationResult>) => {
    const newStack = engine.state.size === 0;
    console.log(render(await operation(), { project: PROJECT, newStack, ...options }));
  };
  const remote = () => {
    const plivo = emulator.config(apiKey, "plivo");
    const agents = emulator
      .agents(apiKey)
      .map((a) => `the agent "${a.name}" (${a.agentId}), prompt ${JSON.stringify(a.callTemplate.systemPrompt)}`);
    const lines = [
      ...(agents.length > 0 ? agents : ["no agent"]),
      plivo
        ? `a Plivo config: token prefix "${emulator.prefixOf(String(plivo.authToken))}", agents ${JSON.stringify(plivo.callCreationAllowedAgentIds)}`
        : "no Plivo config",
    ];
    return `Ultravox holds ${lines.join("\nand ")}`;
  };

  try {
    await provider.configure(stackConfig);
    console.log(`Emulated Ultravox API at ${emulator.url}; example program: examples/index.ts; @pulumi/pulumi ${app.sdkVersion}.`);

    say("$ pulumi preview");
    await show({ command: "preview" }, async () => engine.preview(await program({}, true)));
    console.log(`(${emulator.log.length} requests to the API)`);

    say("$ pulumi up --yes");
    await show({ command: "up" }, () => up());
    console.log(remote());

    say("$ pulumi up --yes            # again, nothing changed");
    emulator.clearLog();
    await show({ command: "up" }, () => up());
    console.log(`(${emulator.writes().length} writes to the API)`);

    say(
      "# In the Ultravox console someone pastes another Plivo token, takes the agent off Plivo's list, edits its prompt, and adds a sales agent.",
    );
    const [agent] = emulator.agents(apiKey);
    emulator.changeOutOfBand(apiKey, { authToken: ROTATED, callCreationAllowedAgentIds: [] });
    emulator.changeAgentOutOfBand(apiKey, agent.agentId, { callTemplate: { systemPrompt: "You are a pirate." } });
    const salesAgent = emulator.addAgentOutOfBand(apiKey, {
      name: "sales",
      callTemplate: { systemPrompt: "You are the sales agent of Example Corp." },
    });
    console.log(remote());

    say("$ pulumi refresh --yes --diff");
    await show({ command: "refresh", diff: true }, () => engine.refresh());

    say("$ pulumi preview --diff      # what the pull request shows: a new prompt, and Plivo calls may reach the sales agent too");
    const change = { systemPrompt: "You are the support agent of Example Corp. Answer in one sentence.", agentIds: [salesAgent] };
    await show({ command: "preview", diff: true }, async () => engine.preview(await program(change)));

    say("$ pulumi up --yes");
    await show({ command: "up" }, () => up(change));
    console.log(remote());

    say("$ pulumi destroy --yes       # the sales agent stays: the stack does not manage it");
    await show({ command: "destroy" }, () => engine.destroy());
    console.log(remote());

    const leaks = scanForSecrets(
      { "Plivo token": TOKEN, "rotated token": ROTATED, "CRM token": CRM_TOKEN, "API key": apiKey },
      exposedPlaces(engine, provider, secretKeysOf(registered)),
    );
    say(
      leaks.length === 0
        ? "Leak scan: the tokens and the API key appear nowhere outside encrypted state."
        : `Leak scan FAILED: ${JSON.stringify(leaks)}`,
    );
    if (leaks.length > 0) process.exitCode = 1;
  } finally {
    await provider.stop();
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
