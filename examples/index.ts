/**
 * An Ultravox account's Plivo telephony configuration, kept in code.
 *
 *   pulumi config set --secret ultravox:apiKey <your Ultravox API key>
 *   pulumi config set --secret plivoAuthToken <your Plivo Auth Token>
 *   pulumi config set plivoAuthId <your Plivo Auth ID>
 *   pulumi config set --path 'agentIds[0]' <an agent id>
 *   pulumi preview --refresh --diff
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();

const plivo = new ultravox.PlivoTelephonyConfig("plivo", {
  authId: config.require("plivoAuthId"),
  authToken: config.requireSecret("plivoAuthToken"),
  // Agents that incoming Plivo calls may reach; order and letter case do not matter.
  callCreationAllowedAgentIds: config.getObject<string[]>("agentIds") ?? [],
  // Put Plivo's caller number into the call context as user.phone_number.
  requestContextMapping: { From: "user.phone_number", To: "line.number" },
});

export const tokenPrefix = plivo.authTokenPrefix;
export const allowedAgents = plivo.callCreationAllowedAgentIds;
