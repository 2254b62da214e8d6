/**
 * A test program: one telephony config of the carrier named by config `carrier`, as a user would
 * write it: the account fields from `identity`, the carrier's secrets from the secret config
 * `secrets` (one secret Output per field), agents from `agentIds`, anything else from `extra`;
 * named `resourceName` (default: the carrier's name).
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();
const carrier = config.require("carrier");
const secrets = config.requireSecretObject<Record<string, string>>("secrets");
const fields = config.requireObject<string[]>("secretFields");
const args = {
  ...config.requireObject<Record<string, string>>("identity"),
  ...Object.fromEntries(fields.map((field) => [field, secrets.apply((s) => s[field])])),
  callCreationAllowedAgentIds: config.getObject<string[]>("agentIds") ?? [],
  requestContextMapping: { From: "user.phone_number" },
  ...config.getObject<Record<string, unknown>>("extra"),
};

const classes = {
  plivo: ultravox.PlivoTelephonyConfig,
  twilio: ultravox.TwilioTelephonyConfig,
  telnyx: ultravox.TelnyxTelephonyConfig,
} as const;
const Config = classes[carrier as keyof typeof classes];
// Each class takes its own carrier's arguments; the config holds exactly those.
new Config(config.get("resourceName") ?? carrier, args as never);
