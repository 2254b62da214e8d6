/**
 * A test program: one PlivoTelephonyConfig per Ultravox account, each with its own API key.
 * Config: `accounts` (secret): [{ apiKey, token }], one per resource.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();
const accounts = config.requireSecretObject<{ apiKey: string; token: string }[]>("accounts");
const count = config.requireNumber("count");

for (let i = 0; i < count; i++) {
  const n = String(i).padStart(12, "0");
  new ultravox.PlivoTelephonyConfig(`plivo-${i}`, {
    authId: `MAACCOUNT${n.slice(-11)}`,
    authToken: accounts.apply((a) => a[i].token),
    ultravoxApiKey: accounts.apply((a) => a[i].apiKey),
    callCreationAllowedAgentIds: [`00000000-0000-4000-8000-${n}`],
    requestContextMapping: { From: "user.phone_number" },
  });
}
