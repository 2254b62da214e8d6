/**
 * `npm run emulator`: the Ultravox API emulator on a fixed port, for a real `pulumi up`.
 *
 *   npm run emulator -- [--port 4010] [--api-key <key>] [--latency-ms 0]
 */
import { parseArgs } from "node:util";
import { UltravoxEmulator, makeApiKey } from "./server";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      "api-key": { type: "string" },
      "latency-ms": { type: "string", default: "0" },
    },
  });
  const emulator = new UltravoxEmulator({ latencyMs: Number(values["latency-ms"]) });
  await emulator.start(Number(values.port));
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

void main();
