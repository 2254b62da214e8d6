/**
 * A test program for the Pulumi conventions every resource class keeps: a static `get` of the
 * carriers' configs and an agent (config `agentId` names it), `isInstance` telling every class
 * apart, and a clear error for any constructor called from plain JavaScript without its arguments. The checks that run in the
 * program are exported as plain values.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();
const plivo = ultravox.PlivoTelephonyConfig.get("existing-plivo", "plivo");
const twilio = ultravox.TwilioTelephonyConfig.get("existing-twilio", "twilio");
const telnyx = ultravox.TelnyxTelephonyConfig.get("existing-telnyx", "telnyx");
const agent = ultravox.Agent.get("existing-agent", config.require("agentId"));

/** Another dynamic resource, which no class of this package may take as its own. */
class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(
      { create: (inputs: Record<string, unknown>) => Promise.resolve({ id: "trivial", outs: inputs }) },
      name,
      {},
      {},
      "other",
      "Trivial",
    );
  }
}
const trivial = new Trivial("trivial");

/** Every resource class this package exports (each has a static `isInstance`). */
const classes = Object.fromEntries(
  Object.entries(ultravox).filter(([, value]) => typeof value === "function" && "isInstance" in value),
) as Record<string, { isInstance(obj: unknown): boolean }>;
const objects = { plivo, twilio, telnyx, agent, trivial, plain: {}, none: undefined };

/** For each class, which of the objects it takes as its instances. */
export const instances = Object.fromEntries(
  Object.entries(classes).map(([name, cls]) => [
    name,
    Object.entries(objects)
      .filter(([, obj]) => cls.isInstance(obj))
      .map(([key]) => key),
  ]),
);

/** What each constructor says when JavaScript calls it with no arguments. */
export const withoutArguments = Object.fromEntries(
  Object.entries(classes).map(([name, cls]) => {
    try {
      new (cls as unknown as new (name: string) => unknown)(`bare-${name}`);
      return [name, "no error"];
    } catch (error) {
      return [name, error instanceof Error ? error.message : String(error)];
    }
  }),
);
