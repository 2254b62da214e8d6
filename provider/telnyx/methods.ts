/**
 * The Telnyx provider methods, loaded by the serialized handle (`./provider`): its path,
 * `pulumi-ultravox/dist/telnyx/methods.js`, and the export `telnyxMethods` are written into users'
 * states and must keep working across releases.
 */
export { telnyxMethods } from "../implementation";
