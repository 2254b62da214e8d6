/**
 * `twilioTelephonyConfigProvider`: the handle Pulumi serializes into every TwilioTelephonyConfig's
 * `__provider` (see core/handle.ts). Its path, `pulumi-ultravox/dist/twilio/provider.js`, is written
 * into users' states: keep it.
 */
import { providerHandle } from "../core/handle";

export = providerHandle("twilio", "twilioMethods");
