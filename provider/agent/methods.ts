/**
 * The Agent provider methods, loaded by the serialized handle (`./provider`): its path,
 * `pulumi-ultravox/dist/agent/methods.js`, and the export `agentMethods` are written into users'
 * states and must keep working across releases.
 */
export { agentMethods } from "../implementation";
