/**
 * An Ultravox setup kept in code: the agent incoming calls reach, and the telephony configs that
 * let them reach it.
 *
 *   pulumi config set --secret ultravox:apiKey <your Ultravox API key>
 *   pulumi config set plivoAuthId <your Plivo Auth ID>
 *   pulumi config set --secret plivoAuthToken <your Plivo Auth Token>
 *   pulumi config set --secret crmToken <the token your CRM tool takes>        # optional
 *   pulumi config set twilioAccountSid <...>; pulumi config set --secret twilioAuthToken <...>   # optional
 *   pulumi config set telnyxAccountSid <...>; pulumi config set telnyxApplicationSid <...>
 *   pulumi config set --secret telnyxApiKey <...>; pulumi config set --secret telnyxPublicKey <...>   # optional
 *   pulumi preview --refresh --diff
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();
const crmToken = config.getSecret("crmToken");

// The agent: its prompt and settings are reviewed in pull requests like any other change.
const support = new ultravox.Agent("support", {
  name: config.get("agentName") ?? "support",
  callTemplate: {
    systemPrompt: config.get("systemPrompt") ?? "You are the support agent of Example Corp. Answer briefly and kindly.",
    voice: "Mark",
    temperature: 0.4,
    joinTimeout: "30s",
    vadSettings: { turnEndpointDelay: "0.384s" },
    // A tool's credential stays a secret: the template holds a reference, the value is in secretValues.
    selectedTools: crmToken ? [{ toolName: "crm", authTokens: { apiKey: ultravox.secretRef("crm") } }] : [],
  },
  secretValues: crmToken ? { crm: crmToken } : undefined,
});

// Plivo calls may reach the agent above (and any other agent ids from config).
const plivo = new ultravox.PlivoTelephonyConfig("plivo", {
  authId: config.require("plivoAuthId"),
  authToken: config.requireSecret("plivoAuthToken"),
  callCreationAllowedAgentIds: [support.agentId, ...(config.getObject<string[]>("agentIds") ?? [])],
  // Plivo's caller number into the call context as user.phone_number.
  requestContextMapping: { From: "user.phone_number", To: "line.number" },
});

// Twilio and Telnyx, for the carriers whose credentials the stack has.
const twilioAccountSid = config.get("twilioAccountSid");
if (twilioAccountSid) {
  new ultravox.TwilioTelephonyConfig("twilio", {
    accountSid: twilioAccountSid,
    authToken: config.requireSecret("twilioAuthToken"),
    callCreationAllowedAgentIds: [support.agentId],
    requestContextMapping: { From: "user.phone_number" },
  });
}
const telnyxAccountSid = config.get("telnyxAccountSid");
if (telnyxAccountSid) {
  new ultravox.TelnyxTelephonyConfig("telnyx", {
    accountSid: telnyxAccountSid,
    applicationSid: config.require("telnyxApplicationSid"),
    apiKey: config.requireSecret("telnyxApiKey"),
    publicKey: config.requireSecret("telnyxPublicKey"),
    callCreationAllowedAgentIds: [support.agentId],
  });
}

export const supportAgentId = support.agentId;
export const plivoTokenPrefix = plivo.authTokenPrefix;
