/**
 * The Telnyx provider methods, loaded by the serialized handle (`./provider`): its path,
 * `pulumi-ultravox/dist/telnyx/methods.js`, and the export `telnyxMethods` are written into users'
 * states and must keep working across releases.
 */
import { TelephonyConfigProvider } from "../telephony/provider";
import { telnyxSpec } from "./spec";

export const telnyxMethods = new TelephonyConfigProvider(telnyxSpec);
