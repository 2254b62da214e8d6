/**
 * The `PlivoTelephonyConfig` resource: an Ultravox account's Plivo credentials and the rules for
 * which agents Plivo calls may reach.
 */
import * as pulumi from "@pulumi/pulumi";
import { assertSerializerTypeScript } from "../core/typescript-guard";
import plivoTelephonyConfigProvider = require("./provider");

export interface PlivoTelephonyConfigArgs {
  /** Your Plivo Auth ID. */
  authId: pulumi.Input<string>;
  /** Your Plivo Auth Token. Always stored as a secret; Ultravox never returns it. */
  authToken: pulumi.Input<string>;
  /** Agents for which incoming Plivo calls may create calls (UUIDs, at most 100). Default: none. */
  callCreationAllowedAgentIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Allow every agent of the account. Cannot be combined with a non-empty agent list. Default: false. */
  callCreationAllowAllAgents?: pulumi.Input<boolean>;
  /** Maps dot-separated fields of Plivo's request to dot-separated fields of the call context. Default: {}. */
  requestContextMapping?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The Ultravox API key of the account this config belongs to (secret). Defaults to stack config
   * `ultravox:apiKey`, then the environment variable ULTRAVOX_API_KEY.
   */
  apiKey?: pulumi.Input<string>;
  /** The Ultravox API's base URL. Defaults to `ultravox:baseUrl`, ULTRAVOX_BASE_URL, then https://api.ultravox.ai. */
  baseUrl?: pulumi.Input<string>;
}

/** Inputs that are secrets, whatever the program passes. */
const SECRET_INPUTS = ["authToken", "apiKey"] as const;

export class PlivoTelephonyConfig extends pulumi.dynamic.Resource {
  declare public readonly authId: pulumi.Output<string>;
  declare public readonly authToken: pulumi.Output<string>;
  /** The prefix of the Plivo Auth Token, as Ultravox reports it. */
  declare public readonly authTokenPrefix: pulumi.Output<string>;
  declare public readonly callCreationAllowedAgentIds: pulumi.Output<string[]>;
  declare public readonly callCreationAllowAllAgents: pulumi.Output<boolean>;
  declare public readonly requestContextMapping: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: PlivoTelephonyConfigArgs, opts?: pulumi.CustomResourceOptions) {
    assertSerializerTypeScript();
    const props: Record<string, unknown> = {
      ...args,
      authTokenPrefix: undefined,
      callCreationAllowedAgentIds: args.callCreationAllowedAgentIds,
      callCreationAllowAllAgents: args.callCreationAllowAllAgents,
      requestContextMapping: args.requestContextMapping,
    };
    for (const key of SECRET_INPUTS) {
      if (args[key] !== undefined) props[key] = pulumi.secret(args[key]);
    }
    super(
      plivoTelephonyConfigProvider,
      name,
      props,
      { ...opts, additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...SECRET_INPUTS])] },
      "ultravox",
      "PlivoTelephonyConfig",
    );
  }
}
