/**
 * The `TelnyxTelephonyConfig` resource: an Ultravox account's Telnyx credentials and the rules for
 * which agents Telnyx calls may reach.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceClassSpec } from "../core/resource-class";
import { TELEPHONY_INPUTS, TelephonyConfig, type TelephonyConfigArgs } from "../telephony/resource";
import telnyxTelephonyConfigProvider = require("./provider");

export interface TelnyxTelephonyConfigArgs extends TelephonyConfigArgs {
  /** Your Telnyx Account SID. */
  accountSid: pulumi.Input<string>;
  /**
   * Your Telnyx Application SID (at most 40 characters). It must be configured with an Outbound
   * Voice Profile that allows calls to your destinations.
   */
  applicationSid: pulumi.Input<string>;
  /** Your Telnyx API key (not the Ultravox one: that is `ultravoxApiKey`). Always stored as a secret. */
  apiKey: pulumi.Input<string>;
  /** Your Telnyx public key. Always stored as a secret. */
  publicKey: pulumi.Input<string>;
}

const SPEC: ResourceClassSpec = {
  name: "TelnyxTelephonyConfig",
  inputs: ["accountSid", "applicationSid", "apiKey", "publicKey", ...TELEPHONY_INPUTS],
  required: ["accountSid", "applicationSid", "apiKey", "publicKey"],
  secretInputs: ["apiKey", "publicKey", "ultravoxApiKey"],
  outputs: ["apiKeyPrefix", "publicKeyPrefix"],
};

/**
 * An Ultravox account's Telnyx configuration (`/api/telephony_configs/telnyx`): the Account SID,
 * Application SID, API key and public key Ultravox uses for Telnyx calls, and which agents incoming
 * Telnyx calls may reach.
 *
 * The account has one Telnyx config: creating this resource adopts an existing one, updates never
 * replace it, and a change made in the Ultravox console (either key too) shows in
 * `pulumi preview --refresh`.
 *
 * Its id (for `TelnyxTelephonyConfig.get` and import) is always `telnyx`: an account has one Telnyx config.
 */
export class TelnyxTelephonyConfig extends TelephonyConfig {
  /** Your Telnyx Account SID, as Ultravox holds it. */
  declare public readonly accountSid: pulumi.Output<string>;
  /** Your Telnyx Application SID, as Ultravox holds it. */
  declare public readonly applicationSid: pulumi.Output<string>;
  /** The Telnyx API key last written (secret). Ultravox never returns it. */
  declare public readonly apiKey: pulumi.Output<string>;
  /** The Telnyx public key last written (secret). Ultravox never returns it. */
  declare public readonly publicKey: pulumi.Output<string>;
  /** The prefix of the Telnyx API key, as Ultravox reports it. */
  declare public readonly apiKeyPrefix: pulumi.Output<string | undefined>;
  /** The prefix of the Telnyx public key, as Ultravox reports it. */
  declare public readonly publicKeyPrefix: pulumi.Output<string | undefined>;

  /** Manages the Telnyx config of the account the connection arguments (or stack settings) name. */
  constructor(name: string, args: TelnyxTelephonyConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(SPEC, telnyxTelephonyConfigProvider, name, args, opts);
  }
}
