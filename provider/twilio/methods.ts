/**
 * The Twilio provider methods, loaded by the serialized handle (`./provider`): its path,
 * `pulumi-ultravox/dist/twilio/methods.js`, and the export `twilioMethods` are written into users'
 * states and must keep working across releases.
 */
export { twilioMethods } from "../implementation";
