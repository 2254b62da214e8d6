/**
 * The `TwilioTelephonyConfig` resource: an Ultravox account's Twilio credentials and the rules for
 * which agents Twilio calls may reach.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceClassSpec } from "../core/resource-class";
import { TELEPHONY_INPUTS, TelephonyConfig, type TelephonyConfigArgs } from "../telephony/resource";
import twilioTelephonyConfigProvider = require("./provider");

export interface TwilioTelephonyConfigArgs extends TelephonyConfigArgs {
  /** Your Twilio Account SID. */
  accountSid: pulumi.Input<string>;
  /** Your Twilio Auth Token. Always stored as a secret; Ultravox never returns it, only its prefix. */
  authToken: pulumi.Input<string>;
}

const SPEC: ResourceClassSpec = {
  name: "TwilioTelephonyConfig",
  inputs: ["accountSid", "authToken", ...TELEPHONY_INPUTS],
  required: ["accountSid", "authToken"],
  secretInputs: ["authToken", "ultravoxApiKey"],
  outputs: ["authTokenPrefix"],
};

/**
 * An Ultravox account's Twilio configuration (`/api/telephony_configs/twilio`): the Account SID and
 * Auth Token Ultravox uses for Twilio calls, and which agents incoming Twilio calls may reach.
 *
 * The account has one Twilio config: creating this resource adopts an existing one, updates never
 * replace it, and a change made in the Ultravox console shows in `pulumi preview --refresh`.
 *
 * Its id (for `TwilioTelephonyConfig.get` and import) is always `twilio`: an account has one Twilio config.
 */
export class TwilioTelephonyConfig extends TelephonyConfig {
  /** Your Twilio Account SID, as Ultravox holds it. */
  declare public readonly accountSid: pulumi.Output<string>;
  /** The Twilio Auth Token last written (secret). Ultravox never returns it. */
  declare public readonly authToken: pulumi.Output<string>;
  /** The prefix of the Twilio Auth Token, as Ultravox reports it (how a token changed elsewhere is noticed). */
  declare public readonly authTokenPrefix: pulumi.Output<string | undefined>;

  /** Manages the Twilio config of the account the connection arguments (or stack settings) name. */
  constructor(name: string, args: TwilioTelephonyConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(SPEC, twilioTelephonyConfigProvider, name, args, opts);
  }
}
