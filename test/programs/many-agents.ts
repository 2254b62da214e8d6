/**
 * A test program: a fleet of `count` Agents in one account (the stack's API key), as a large
 * deployment declares them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const count = new pulumi.Config().requireNumber("count");

for (let i = 0; i < count; i++) {
  new ultravox.Agent(`agent-${i}`, {
    name: `fleet-${String(i).padStart(4, "0")}`,
    callTemplate: { systemPrompt: `You are agent ${i} of the fleet.`, temperature: 0.4 },
  });
}
