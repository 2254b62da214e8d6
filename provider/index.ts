/**
 * pulumi-ultravox: Ultravox telephony configuration and agents as Pulumi resources.
 */
import plivoTelephonyConfigProvider = require("./plivo/provider");

export { PlivoTelephonyConfig, type PlivoTelephonyConfigArgs } from "./plivo/resource";
export { TwilioTelephonyConfig, type TwilioTelephonyConfigArgs } from "./twilio/resource";
export { TelnyxTelephonyConfig, type TelnyxTelephonyConfigArgs } from "./telnyx/resource";
export type { ConnectionArgs, TelephonyConfigArgs } from "./telephony/resource";
export { plivoTelephonyConfigProvider };
