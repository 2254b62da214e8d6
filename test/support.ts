/** Helpers shared by the unit tests: an emulator per test file, and a configured provider per carrier. */
import type { CarrierSpec } from "../provider/telephony/carrier";
import { SpecProvider } from "../provider/core/spec-provider";
import { telephonySpec } from "../provider/telephony/carrier";
import { plivoSpec } from "../provider/plivo/spec";
import { twilioSpec } from "../provider/twilio/spec";
import { telnyxSpec } from "../provider/telnyx/spec";
import { UltravoxEmulator, type EmulatorOptions } from "../emulator/server";
import { PLIVO, secretValues, type CarrierCase } from "./carriers";
import { AGENT_A } from "./values";

export { AGENT_A, AGENT_B, AGENT_C } from "./values";

export const SPECS: Record<string, CarrierSpec> = { plivo: plivoSpec, twilio: twilioSpec, telnyx: telnyxSpec };

export interface Fixture {
  emulator: UltravoxEmulator;
  apiKey: string;
  carrier: CarrierCase;
  provider: SpecProvider;
  /** Stack config the provider was configured with. */
  stack: Record<string, string>;
}

/** A running emulator with one account, and a fresh provider for `carrier` configured for it. */
export async function fixture(
  options: { carrier?: CarrierCase; emulator?: EmulatorOptions; stack?: Record<string, string> } = {},
): Promise<Fixture> {
  const carrier = options.carrier ?? PLIVO;
  const emulator = await new UltravoxEmulator(options.emulator).start();
  const apiKey = emulator.addAccount();
  const stack: Record<string, string> = {
    "ultravox:apiKey": apiKey,
    "ultravox:baseUrl": emulator.url,
    "ultravox:maxRetries": "2",
    ...options.stack,
  };
  const provider = new SpecProvider(telephonySpec(SPECS[carrier.name]), SPECS[carrier.name].apiKeyInputs);
  await provider.configure({ config: { get: (key: string) => stack[key] } });
  return { emulator, apiKey, carrier, provider, stack };
}

/** Checked inputs for a carrier's config, as `check` would produce them. */
export function desired(carrier: CarrierCase, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...carrier.identity,
    ...secretValues(carrier),
    callCreationAllowedAgentIds: [AGENT_A],
    callCreationAllowAllAgents: false,
    requestContextMapping: { From: "user.phone_number" },
    ...overrides,
  };
}
