/**
 * The Twilio provider methods, loaded by the serialized handle (`./provider`): its path,
 * `pulumi-ultravox/dist/twilio/methods.js`, and the export `twilioMethods` are written into users'
 * states and must keep working across releases.
 */
import { TelephonyConfigProvider } from "../telephony/provider";
import { twilioSpec } from "./spec";

export const twilioMethods = new TelephonyConfigProvider(twilioSpec);
