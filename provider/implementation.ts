/**
 * Every resource class's provider methods, in one module: the build bundles it, with zod, into
 * `dist/implementation.js` (esbuild), so a provider process loads one file and answers its first
 * Check as fast as a trivial provider. Each `dist/<resource>/methods.js` hands on its class's
 * instance from here: those paths and export names are written into users' states (handle.ts).
 * One module also means one copy of what the process shares across classes: the connection pool,
 * the pace learnt per API key, the accounts learnt, the singletons written in this deployment.
 */
import { agentSpec } from "./agent/spec";
import { callThrottleSpec } from "./call-throttle/spec";
import { SpecProvider } from "./core/spec-provider";
import { plivoSpec } from "./plivo/spec";
import { telephonySpec } from "./telephony/carrier";
import { telnyxSpec } from "./telnyx/spec";
import { twilioSpec } from "./twilio/spec";

export const agentMethods = new SpecProvider(agentSpec);
export const plivoMethods = new SpecProvider(telephonySpec(plivoSpec), plivoSpec.apiKeyInputs);
export const twilioMethods = new SpecProvider(telephonySpec(twilioSpec), twilioSpec.apiKeyInputs);
export const telnyxMethods = new SpecProvider(telephonySpec(telnyxSpec), telnyxSpec.apiKeyInputs);
export const callThrottleMethods = new SpecProvider(callThrottleSpec);
