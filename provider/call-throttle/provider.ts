/**
 * `callThrottleProvider`: the handle Pulumi serializes into every CallThrottle's `__provider` (see
 * core/handle.ts). Its path, `pulumi-ultravox/dist/call-throttle/provider.js`, is written into
 * users' states: keep it.
 */
import { providerHandle } from "../core/handle";

export = providerHandle("call-throttle", "callThrottleMethods");
