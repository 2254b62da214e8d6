/**
 * A benchmark program: one resource of the class named by config `resource`, nothing else
 * (compare trivial.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const agents = ["3c90c3cc-0d44-4b50-8888-8dd25736052a"];
const make: Record<string, () => void> = {
  PlivoTelephonyConfig: () =>
    new ultravox.PlivoTelephonyConfig("plivo", {
      authId: "MAFAKEAUTHID000000001",
      authToken: "tokB-daeeb975729fae923d5a",
      callCreationAllowedAgentIds: agents,
    }),
  TwilioTelephonyConfig: () =>
    new ultravox.TwilioTelephonyConfig("twilio", {
      accountSid: "ACfake0000000000000000000000000001",
      authToken: "twlB-90ab3f7c12e48d65b0a9",
      callCreationAllowedAgentIds: agents,
    }),
  TelnyxTelephonyConfig: () =>
    new ultravox.TelnyxTelephonyConfig("telnyx", {
      accountSid: "fake-telnyx-account-0001",
      applicationSid: "fake-telnyx-application-0001",
      apiKey: "tnkB-a27f5c0e98d13b46c2f0",
      publicKey: "tpkB-7f02d9a5c1e83b64d9a2",
      callCreationAllowedAgentIds: agents,
    }),
  Agent: () =>
    new ultravox.Agent("agent", {
      name: "support",
      callTemplate: {
        systemPrompt: "You are the support agent.",
        voice: "Mark",
        temperature: 0.4,
        vadSettings: { turnEndpointDelay: "0.384s" },
        selectedTools: [{ toolName: "crm", authTokens: { apiKey: ultravox.secretRef("crm") } }],
      },
      secretValues: { crm: "crmTok-1a2b3c4d5e6f7a8b" },
    }),
};

make[new pulumi.Config().require("resource")]();
