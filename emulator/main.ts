/**
 * `npm run emulator`: the Ultravox API emulator on a fixed port, for a real `pulumi up`.
 *
 *   npm run emulator -- [--port 4010] [--api-key <key>] [--latency-ms 0]
 */
import { UltravoxEmulator, makeApiKey } from "./server";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const emulator = new UltravoxEmulator({ latencyMs: Number(option("latency-ms", "0")) });
  await emulator.start(Number(option("port", "4010")));
  const apiKey = emulator.addAccount(option("api-key", makeApiKey()));
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
