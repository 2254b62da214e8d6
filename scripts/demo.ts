/**
 * `npm run demo`: the example program's whole life, as `pulumi` would print it, against the
 * embedded Ultravox emulator, through Pulumi's real dynamic-provider process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UltravoxEmulator } from "../emulator/server";
import { Engine } from "../harness/engine";
import { installApp, REPO_ROOT } from "../harness/installed-app";
import { exposedPlaces, scanForSecrets, secretKeysOf } from "../harness/leak-scan";
import { render, type RenderOptions } from "../harness/cli-printer";
import { runProgram } from "../harness/program";
import { ProviderProcess } from "../harness/provider-process";

const PROJECT = "ultravox-app";
const SUPPORT_AGENT = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const SALES_AGENT = "0b8f5a2e-6c1d-4e7a-9f3b-2d4c6e8a0b1c";
// Demo-only values: plainly fake, generated for this run's emulator.
const TOKEN = "tokD-2ea68ef786e4d3cea27d";
const ROTATED = "tokX-26934b484e73cf575dca";

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
  const program = (agents: string[]) =>
    runProgram(app.dir, join(REPO_ROOT, "build", "examples", "index.js"), {
      project: PROJECT,
      config: {
        ...stackConfig,
        [`${PROJECT}:plivoAuthId`]: "MADEMOAUTHID00000001",
        [`${PROJECT}:plivoAuthToken`]: TOKEN,
        [`${PROJECT}:agentIds`]: JSON.stringify(agents),
      },
      secretKeys: ["ultravox:apiKey", `${PROJECT}:plivoAuthToken`],
    });
  const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
  const engine = new Engine(provider);
  const show = (result: Parameters<typeof render>[0], options: RenderOptions) =>
    console.log(render(result, { project: PROJECT, ...options }));
  const remote = () => {
    const c = emulator.config(apiKey);
    return c
      ? `Ultravox holds: authId ${String(c.authId)}, token prefix "${emulator.prefixOf(String(c.authToken))}", agents ${JSON.stringify(c.callCreationAllowedAgentIds)}`
      : "Ultravox holds: no Plivo config";
  };

  try {
    await provider.configure(stackConfig);
    console.log(`Emulated Ultravox API at ${emulator.url}; example program: examples/index.ts; @pulumi/pulumi ${app.sdkVersion}.`);
    const v1 = (await program([SUPPORT_AGENT])).resources;

    say("$ pulumi preview");
    show(await engine.preview(v1), { command: "preview" });
    console.log(`(${emulator.log.length} requests to the API)`);

    say("$ pulumi up --yes");
    show(await engine.up(v1), { command: "up" });
    console.log(remote());

    say("$ pulumi up --yes            # again, nothing changed");
    emulator.clearLog();
    show(await engine.up(v1), { command: "up" });
    console.log(`(${emulator.writes().length} writes to the API)`);

    say("# In the Ultravox console someone pastes another Plivo token and removes the agent.");
    emulator.changeOutOfBand(apiKey, { authToken: ROTATED, callCreationAllowedAgentIds: [] });
    console.log(remote());

    say("$ pulumi refresh --yes --diff");
    show(await engine.refresh(), { command: "refresh", diff: true });

    say("$ pulumi preview --diff      # what the pull request shows");
    const v2 = (await program([SUPPORT_AGENT, SALES_AGENT])).resources;
    show(await engine.preview(v2), { command: "preview", diff: true });

    say("$ pulumi up --yes");
    show(await engine.up(v2), { command: "up" });
    console.log(remote());

    say("$ pulumi destroy --yes");
    show(await engine.destroy(), { command: "destroy" });
    console.log(remote());

    const leaks = scanForSecrets(
      { "Plivo token": TOKEN, "API key": apiKey },
      exposedPlaces(engine, provider, secretKeysOf([...v1, ...v2])),
    );
    say(
      leaks.length === 0
        ? "Leak scan: the token and the API key appear nowhere outside encrypted state."
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
