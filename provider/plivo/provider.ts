/**
 * `plivoTelephonyConfigProvider`: the handle Pulumi serializes into every PlivoTelephonyConfig's
 * `__provider` (see core/handle.ts). Its path, `pulumi-ultravox/dist/plivo/provider.js`, is written
 * into users' states: keep it.
 */
import { providerHandle } from "../core/handle";

export = providerHandle("plivo", "plivoMethods");
