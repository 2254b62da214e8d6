/**
 * A test program: one resource per entry of config `cases` ({ name: { resource, args } }), of the
 * class `resource` (default PlivoTelephonyConfig), with whatever arguments the test chooses, valid
 * or not.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();
const cases = config.requireObject<Record<string, { resource?: keyof typeof classes; args: unknown }>>("cases");

const classes = {
  PlivoTelephonyConfig: ultravox.PlivoTelephonyConfig,
  TwilioTelephonyConfig: ultravox.TwilioTelephonyConfig,
  TelnyxTelephonyConfig: ultravox.TelnyxTelephonyConfig,
  Agent: ultravox.Agent,
} as const;

for (const [name, { resource = "PlivoTelephonyConfig", args }] of Object.entries(cases)) {
  // Deliberately unchecked: the arguments may be wrong on purpose.
  new classes[resource](name, args as never);
}
