/**
 * `telnyxTelephonyConfigProvider`: the handle Pulumi serializes into every TelnyxTelephonyConfig's
 * `__provider` (see core/handle.ts). Its path, `pulumi-ultravox/dist/telnyx/provider.js`, is written
 * into users' states: keep it.
 */
import { providerHandle } from "../core/handle";

export = providerHandle("telnyx", "telnyxMethods");
