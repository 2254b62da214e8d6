/**
 * pulumi-ultravox: Ultravox telephony configuration and agents as Pulumi resources.
 */
import plivoTelephonyConfigProvider = require("./plivo/provider");

export { PlivoTelephonyConfig, type PlivoTelephonyConfigArgs } from "./plivo/resource";
export { TwilioTelephonyConfig, type TwilioTelephonyConfigArgs } from "./twilio/resource";
export { TelnyxTelephonyConfig, type TelnyxTelephonyConfigArgs } from "./telnyx/resource";
export type { AdoptArgs, ConnectionArgs } from "./core/resource-class";
export type { TelephonyConfigArgs } from "./telephony/resource";
export { Agent, type AgentArgs } from "./agent/resource";
export { CallThrottle, type CallThrottleArgs } from "./call-throttle/resource";
export type { CallThrottleRule } from "./generated/types";
export { secretRef } from "./core/references";
export type {
  AgentCallTemplate,
  AgentCallTemplateInput,
  CallMedium,
  DataConnectionConfig,
  ExternalVoice,
  FirstSpeakerSettings,
  Inputs,
  SelectedTool,
  TimedMessage,
  VadSettings,
} from "./agent/types";
export { plivoTelephonyConfigProvider };
