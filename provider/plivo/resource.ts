/**
 * The `PlivoTelephonyConfig` resource: an Ultravox account's Plivo credentials and the rules for
 * which agents Plivo calls may reach.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceClassSpec } from "../core/resource-class";
import { TELEPHONY_INPUTS, TelephonyConfig, type TelephonyConfigArgs } from "../telephony/resource";
import plivoTelephonyConfigProvider = require("./provider");

export interface PlivoTelephonyConfigArgs extends TelephonyConfigArgs {
  /** Your Plivo Auth ID. */
  authId: pulumi.Input<string>;
  /** Your Plivo Auth Token. Always stored as a secret; Ultravox never returns it, only its prefix. */
  authToken: pulumi.Input<string>;
  /**
   * The Ultravox API key, by the name it had in 0.1.0 (stored as a secret).
   * @deprecated Use `ultravoxApiKey`; `apiKey` keeps working on this resource.
   */
  apiKey?: pulumi.Input<string>;
}

const SPEC: ResourceClassSpec = {
  name: "PlivoTelephonyConfig",
  inputs: ["authId", "authToken", ...TELEPHONY_INPUTS, "apiKey"],
  required: ["authId", "authToken"],
  secretInputs: ["authToken", "ultravoxApiKey", "apiKey"],
  outputs: ["authTokenPrefix"],
};

/**
 * An Ultravox account's Plivo configuration (`/api/telephony_configs/plivo`): the Plivo Auth ID and
 * Auth Token Ultravox uses for Plivo calls, and which agents incoming Plivo calls may reach.
 *
 * The account has one Plivo config: creating this resource adopts an existing one, updates never
 * replace it, and a change made in the Ultravox console shows in `pulumi preview --refresh`.
 *
 * Its id (for `PlivoTelephonyConfig.get` and import) is always `plivo`: an account has one Plivo config.
 */
export class PlivoTelephonyConfig extends TelephonyConfig {
  /** Your Plivo Auth ID, as Ultravox holds it. */
  declare public readonly authId: pulumi.Output<string>;
  /** The Plivo Auth Token last written (secret). Ultravox never returns it. */
  declare public readonly authToken: pulumi.Output<string>;
  /** The prefix of the Plivo Auth Token, as Ultravox reports it (how a token changed elsewhere is noticed). */
  declare public readonly authTokenPrefix: pulumi.Output<string | undefined>;

  /** Manages the Plivo config of the account the connection arguments (or stack settings) name. */
  constructor(name: string, args: PlivoTelephonyConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(SPEC, plivoTelephonyConfigProvider, name, args, opts);
  }
}
