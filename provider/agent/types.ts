/**
 * The Agent's call-template types, generated from Ultravox's OpenAPI document
 * (provider/generated/types.ts). Each field is documented in Ultravox's API reference:
 * https://docs.ultravox.ai/api-reference/agents/agents-post (the call template). A program writes
 * `AgentCallTemplateInput`: the same shape, where any value may also be a Pulumi Input.
 */
import type * as pulumi from "@pulumi/pulumi";
import type {
  UltravoxV1CallMedium,
  UltravoxV1CallTemplate,
  UltravoxV1DataConnectionConfig,
  UltravoxV1ExternalVoice,
  UltravoxV1FirstSpeakerSettings,
  UltravoxV1SelectedTool,
  UltravoxV1TimedMessage,
  UltravoxV1VadSettings,
} from "../generated/types";

/**
 * A call template as a program sets it: Ultravox's `CallTemplate` without what Ultravox sets
 * (`created`, `updated`) and without `sharedSecrets`, which the Agent takes as a secret input.
 */
export type AgentCallTemplate = Omit<UltravoxV1CallTemplate, "created" | "updated" | "sharedSecrets">;

export type VadSettings = UltravoxV1VadSettings;
export type FirstSpeakerSettings = UltravoxV1FirstSpeakerSettings;
export type SelectedTool = UltravoxV1SelectedTool;
export type ExternalVoice = UltravoxV1ExternalVoice;
export type TimedMessage = UltravoxV1TimedMessage;
export type DataConnectionConfig = UltravoxV1DataConnectionConfig;
export type CallMedium = UltravoxV1CallMedium;

/** `T` with every value, at any depth, also accepted as a Pulumi Input (an Output of another resource, say). */
export type Inputs<T> = T extends (infer E)[]
  ? pulumi.Input<Inputs<E>>[]
  : T extends object
    ? { [K in keyof T]: pulumi.Input<Inputs<T[K]>> }
    : T;

/** The call template an Agent's arguments take. */
export type AgentCallTemplateInput = Inputs<AgentCallTemplate>;
