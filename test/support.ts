/** Helpers shared by the unit tests: an emulator per test file, and a configured provider. */
import { createTelephonyConfigProvider, type TelephonyConfigProvider } from "../provider/core/telephony-config-provider";
import { plivoSpec } from "../provider/plivo/schema";
import { UltravoxEmulator, type EmulatorOptions } from "../emulator/server";

export { AGENT_A, AGENT_B, AGENT_C } from "./values";
import { AGENT_A } from "./values";
/** Test-only tokens: generated-looking but plainly fake. */
export const TOKEN = "tokA-a4c123b1612dd272d137";
export const OTHER_TOKEN = "tokB-1c17149d439536b3216f";

export interface Fixture {
  emulator: UltravoxEmulator;
  apiKey: string;
  provider: TelephonyConfigProvider;
  /** Stack config the provider was configured with. */
  stack: Record<string, string>;
}

/** A running emulator with one account, and a fresh Plivo provider configured for it. */
export async function fixture(options: { emulator?: EmulatorOptions; stack?: Record<string, string> } = {}): Promise<Fixture> {
  const emulator = await new UltravoxEmulator(options.emulator).start();
  const apiKey = emulator.addAccount();
  const stack: Record<string, string> = { "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url, "ultravox:maxRetries": "2", ...options.stack };
  const provider = createTelephonyConfigProvider(plivoSpec);
  await provider.configure({ config: { get: (key: string) => stack[key] } });
  return { emulator, apiKey, provider, stack };
}

/** Checked inputs for a config, as `check` would produce them. */
export function desired(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    authId: "MAFAKEAUTHID000000001",
    authToken: TOKEN,
    callCreationAllowedAgentIds: [AGENT_A],
    callCreationAllowAllAgents: false,
    requestContextMapping: { From: "user.phone_number" },
    ...overrides,
  };
}
