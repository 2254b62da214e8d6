#!/usr/bin/env node
/**
 * `ultravox-emulator` (the package's bin; `npm run emulator` in this repository): the Ultravox API
 * emulator on a port, for a `pulumi up` that must not touch a real account, in a user's CI or on a
 * laptop. State lives in memory.
 *
 *   ultravox-emulator [--port 4010] [--host 127.0.0.1] [--api-key <key>] [--latency-ms 0] [--agent-patch merge]
 */
import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { AGENT_PATCH_MODES, UltravoxEmulator, makeApiKey, type AgentPatchMode } from "./server";

/** Beyond this many milliseconds Node's timers fire at once (and warn), so a longer latency is refused. */
const MAX_LATENCY_MS = 2 ** 31 - 1;

const USAGE = `Usage: ultravox-emulator [options]

Serves an emulated Ultravox API in memory, for one account (its key: --api-key):
  /api/accounts/me                        the account a key opens
  /api/telephony_configs/<carrier>        Plivo, Twilio and Telnyx configs
  /api/agents                             agents
  /api/tools                              tools (and Ultravox's built-in ones, read-only)
  /api/corpora                            corpora, their sources and documents, and uploads
                                          (presigned upload URLs on this server, no API key)
  /api/voices                             voices: of a TTS provider, or cloned from a recording
  /api/webhooks                           webhooks
  /api/sip, /api/sip/registrations        the SIP config and SIP registrations
  /api/call_throttles                     call throttles
  /api/accounts/me/tts_api_keys           the account's TTS vendor keys
  /api/api_keys                           API keys (a key made there opens the account)

Options:
  --port <n>          port to listen on, 0 to 65535 (default 4010; 0 picks a free one)
  --host <address>    IP address to listen on, or localhost (default 127.0.0.1)
  --api-key <key>     the API key of its one account (default: a new random one)
  --latency-ms <n>    extra latency per request, in whole milliseconds (default 0)
  --agent-patch <m>   how PATCH /api/agents/<id> treats the call template: ${AGENT_PATCH_MODES.join(", ")} (default merge)
  --help              this text

A flag it cannot use stops it before it listens, with exit code 2.`;

/** A command line the emulator cannot start with: reported with exit code 2 before anything listens. */
class UsageError extends Error {}

interface Flags {
  help: boolean;
  port: number;
  host: string;
  apiKey: string | undefined;
  latencyMs: number;
  agentPatch: AgentPatchMode;
}

function parseFlags(args: string[]): Flags {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        "api-key": { type: "string" },
        "latency-ms": { type: "string", default: "0" },
        "agent-patch": { type: "string", default: "merge" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const host = values.host;
  if (isIP(host) === 0 && host !== "localhost") {
    throw new UsageError(`--host must be an IP address or localhost (got ${JSON.stringify(host)})`);
  }
  const agentPatch = values["agent-patch"];
  if (!isAgentPatchMode(agentPatch)) {
    throw new UsageError(`--agent-patch must be one of ${AGENT_PATCH_MODES.join(", ")} (got ${JSON.stringify(agentPatch)})`);
  }
  return {
    help: values.help,
    port: wholeNumber("--port", values.port, 65535),
    host,
    apiKey: values["api-key"],
    latencyMs: wholeNumber("--latency-ms", values["latency-ms"], MAX_LATENCY_MS, " of milliseconds"),
    agentPatch,
  };
}

function isAgentPatchMode(value: string): value is AgentPatchMode {
  return (AGENT_PATCH_MODES as readonly string[]).includes(value);
}

/** Digits only: `Number` would take "", "0x10", "1e3" and " 8 ". */
function wholeNumber(flag: string, raw: string, max: number, unit = ""): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n <= max)) throw new UsageError(`${flag} must be a whole number${unit} from 0 to ${max} (got ${JSON.stringify(raw)})`);
  return n;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const emulator = new UltravoxEmulator({ latencyMs: flags.latencyMs, agentPatch: flags.agentPatch });
  await emulator.start(flags.port, flags.host);
  const apiKey = emulator.addAccount(flags.apiKey ?? makeApiKey());
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
  if (error instanceof UsageError) console.error("ultravox-emulator --help lists its options.");
  process.exit(error instanceof UsageError ? 2 : 1);
});
