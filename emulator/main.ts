#!/usr/bin/env node
/**
 * `ultravox-emulator` (the package's bin; `npm run emulator` in this repository): the Ultravox API
 * emulator on a port, for a `pulumi up` that must not touch a real account, in a user's CI or on a
 * laptop. State lives in memory.
 *
 *   ultravox-emulator [--port 4010] [--host 127.0.0.1] [--api-key <key>] [--latency-ms 0] [--agent-patch merge]
 */
import { parseArgs } from "node:util";
import { UltravoxEmulator, makeApiKey, type AgentPatchMode } from "./server";

const USAGE = `Usage: ultravox-emulator [options]

Serves an emulated Ultravox API (telephony configs for Plivo, Twilio and Telnyx; agents) in memory.

Options:
  --port <n>          port to listen on (default 4010; 0 picks a free one)
  --host <address>    address to listen on (default 127.0.0.1)
  --api-key <key>     the API key of its one account (default: a new random one)
  --latency-ms <n>    extra latency per request (default 0)
  --agent-patch <m>   how PATCH /api/agents/<id> treats the call template: merge, merge-ignoring-null or replace (default merge)
  --help              this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      "api-key": { type: "string" },
      "latency-ms": { type: "string", default: "0" },
      "agent-patch": { type: "string", default: "merge" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const emulator = new UltravoxEmulator({ latencyMs: Number(values["latency-ms"]), agentPatch: values["agent-patch"] as AgentPatchMode });
  await emulator.start(Number(values.port), values.host);
  const apiKey = emulator.addAccount(values["api-key"] ?? makeApiKey());
  console.log(`Ultravox API emulator listening on ${emulator.url}`);
  console.log(`API key of its account: ${apiKey} (an emulator key, not a real one)`);
  console.log("");
  console.log("Point a Pulumi stack at it:");
  console.log(`  pulumi config set ultravox:baseUrl ${emulator.url}`);
  console.log(`  pulumi config set --secret ultravox:apiKey ${apiKey}`);
  console.log("State lives in memory; Ctrl-C ends it.");
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
