/**
 * The Agent's call-template types, from the types openapi-typescript generated out of Ultravox's
 * OpenAPI document (api-types.ts), with the documentation of every field. A program writes
 * `AgentCallTemplateInput`: the same shape, where any value may also be a Pulumi Input.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { components } from "./api-types";

type Schemas = components["schemas"];

/**
 * A call template as a program sets it: Ultravox's `CallTemplate` without what Ultravox sets
 * (`created`, `updated`) and without `sharedSecrets`, which the Agent takes as a secret input.
 */
export type AgentCallTemplate = Omit<Schemas["ultravox.v1.CallTemplate"], "created" | "updated" | "sharedSecrets">;

export type VadSettings = Schemas["ultravox.v1.VadSettings"];
export type FirstSpeakerSettings = Schemas["ultravox.v1.FirstSpeakerSettings"];
export type SelectedTool = Schemas["ultravox.v1.SelectedTool"];
export type ExternalVoice = Schemas["ultravox.v1.ExternalVoice"];
export type TimedMessage = Schemas["ultravox.v1.TimedMessage"];
export type DataConnectionConfig = Schemas["ultravox.v1.DataConnectionConfig"];
export type CallMedium = Schemas["ultravox.v1.CallMedium"];

/** `T` with every value, at any depth, also accepted as a Pulumi Input (an Output of another resource, say). */
export type Inputs<T> = T extends (infer E)[]
  ? pulumi.Input<Inputs<E>>[]
  : T extends object
    ? { [K in keyof T]: pulumi.Input<Inputs<T[K]>> }
    : T;

/** The call template an Agent's arguments take. */
export type AgentCallTemplateInput = Inputs<AgentCallTemplate>;
