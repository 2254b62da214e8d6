/**
 * `agentProvider`: the handle Pulumi serializes into every Agent's `__provider` (see
 * core/handle.ts). Its path, `pulumi-ultravox/dist/agent/provider.js`, is written into users'
 * states: keep it.
 */
import { providerHandle } from "../core/handle";

export = providerHandle("agent", "agentMethods");
