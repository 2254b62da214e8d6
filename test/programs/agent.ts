/**
 * A test program: an Agent from config (`agentName`, `callTemplate`, the secret `sharedSecrets` and
 * `secretValues`, and, with `secretSystemPrompt`, a system prompt that is a Pulumi secret), and, with
 * `withPlivo`, a PlivoTelephonyConfig that lets calls reach it through the agent's `agentId` output,
 * as a user's program would. The Agent is named `resourceName` (default `support`) and takes any
 * other arguments from `extra`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ultravox from "pulumi-ultravox";

const config = new pulumi.Config();
const callTemplate = config.getObject<ultravox.AgentCallTemplate>("callTemplate");
const secretSystemPrompt = config.getSecret("secretSystemPrompt");
const agent = new ultravox.Agent(config.get("resourceName") ?? "support", {
  name: config.require("agentName"),
  callTemplate: secretSystemPrompt === undefined ? callTemplate : { ...callTemplate, systemPrompt: secretSystemPrompt },
  sharedSecrets: config.getSecretObject<string[]>("sharedSecrets"),
  secretValues: config.getSecretObject<Record<string, string>>("secretValues"),
  ...config.getObject<Partial<ultravox.AgentArgs>>("extra"),
});

if (config.getBoolean("withPlivo")) {
  new ultravox.PlivoTelephonyConfig("plivo", {
    authId: config.require("plivoAuthId"),
    authToken: config.requireSecret("plivoAuthToken"),
    callCreationAllowedAgentIds: [agent.agentId],
  });
}
