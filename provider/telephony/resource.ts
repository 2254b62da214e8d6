/**
 * What the three telephony config resource classes share: their call-creation arguments and
 * outputs, and the connection arguments every resource has.
 */
import type * as pulumi from "@pulumi/pulumi";
import { UltravoxResource, type ConnectionArgs } from "../core/resource-class";

/** The call-creation arguments of every telephony config. */
export interface TelephonyConfigArgs extends ConnectionArgs {
  /**
   * Agents for which calls arriving from this carrier may create Ultravox calls: agent UUIDs, at
   * most 100; order and letter case do not matter. Default: none.
   */
  callCreationAllowedAgentIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Allow every agent of the account. Cannot be true together with a non-empty agent list. Default: false. */
  callCreationAllowAllAgents?: pulumi.Input<boolean>;
  /**
   * Maps dot-separated fields of the carrier's incoming request to dot-separated fields of the
   * call context, e.g. `{ From: "user.phone_number" }`. Default: `{}`.
   */
  requestContextMapping?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The names of the shared arguments, in the order they are documented. */
export const TELEPHONY_INPUTS = [
  "callCreationAllowedAgentIds",
  "callCreationAllowAllAgents",
  "requestContextMapping",
  "ultravoxApiKey",
  "baseUrl",
] as const;

/** The outputs every telephony config has, besides its carrier's own. */
export abstract class TelephonyConfig extends UltravoxResource {
  /** The agents calls from this carrier may reach (lower-cased UUIDs), as Ultravox holds them. */
  declare public readonly callCreationAllowedAgentIds: pulumi.Output<string[]>;
  /** Whether every agent of the account may be reached, as Ultravox holds it. */
  declare public readonly callCreationAllowAllAgents: pulumi.Output<boolean>;
  /** The request-to-context mapping, as Ultravox holds it. */
  declare public readonly requestContextMapping: pulumi.Output<Record<string, string>>;
}
