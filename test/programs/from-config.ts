/**
 * A test program: one PlivoTelephonyConfig per entry of config `cases` ({ name: args }), with
 * whatever arguments the test chooses, valid or not.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();
const cases = config.requireObject<Record<string, ultravox.PlivoTelephonyConfigArgs>>("cases");

for (const [name, args] of Object.entries(cases)) {
  new ultravox.PlivoTelephonyConfig(name, args);
}
