/**
 * The Agent (`/api/agents`), as a resource spec.
 *
 *  - Inputs: `name`, and the call template as Ultravox's document defines it (generated zod
 *    schemas with the document's prose rules), credentials as secret references; `sharedSecrets`
 *    and `secretValues` are secret inputs, never returned by Ultravox.
 *  - The template compares as "partial": only the fields the program sets, by Ultravox's
 *    equivalences, so server defaults never show; a console edit shows property by property.
 *  - An update PATCHes the name and the template the program sets, every field it stopped setting
 *    as null and `sharedSecrets` as an empty list. If Ultravox's answer shows it kept such a field
 *    (a PATCH that ignores null), the field is sent at its proto3 default; only a field without one
 *    (a duration, a nested message) makes it clear the template and write it again. An update cut
 *    short says what the agent was left with, and the state records that.
 *  - Agent names are unique in an account: a create whose answer was lost finds its agent by name.
 */
import * as z from "zod/mini";
import type { Issue } from "../core/check";
import { stringRule, trimmed, trimmedString } from "../core/formats";
import { schema } from "../core/prose-rules";
import {
  atOrInsidePlace,
  isReferenceName,
  maskCredentials,
  NAME_RULE,
  referenceIssues,
  resolveReferences,
  secretValueIssues,
} from "../core/references";
import type { Props, RemoteRead, ResourceSpec, WriteContext } from "../core/spec";
import { defined } from "../core/spec-provider";
import { zAgentWritable, zUltravoxV1CallTemplate } from "../generated/zod";
import { clearingValue, CREDENTIAL_PLACES, keptRemovedFields, overlay, removals } from "./template";

/** A field the program may not set, with the reason. */
function refused(message: string): z.ZodMiniType {
  return z.optional(z.custom(() => false, { error: message, params: { sensitive: true } }));
}

/**
 * The call template a program sets: Ultravox's `CallTemplate` without what Ultravox sets
 * (`created`, `updated`) and without `sharedSecrets`, which the Agent takes as a secret input.
 */
const callTemplate = schema("ultravox.v1.CallTemplate", () =>
  z.strictObject({
    ...zUltravoxV1CallTemplate().shape,
    created: refused("is read-only: Ultravox sets it"),
    updated: refused("is read-only: Ultravox sets it"),
    sharedSecrets: refused("belongs in the Agent's sharedSecrets input (a secret), not in callTemplate"),
  }),
);

/** A key of secretValues: the name references give. */
const referenceNameKey = z.string().check(stringRule((name) => (isReferenceName(name) ? undefined : `is not a valid name: ${NAME_RULE}`)));

const agentAnswer = z.looseObject({
  agentId: z.string(),
  name: z.optional(z.string()),
  created: z.optional(z.string()),
  publishedRevisionId: z.nullish(z.string()),
  callTemplate: z.nullish(z.record(z.string(), z.unknown())),
});

/** The request body: the name and the template with its credentials and shared secrets in, removed fields null. */
function body(desired: Props, olds: Props): Props {
  const secretValues = (desired.secretValues ?? {}) as Record<string, string>;
  const template = resolveReferences(CREDENTIAL_PLACES, desired.callTemplate ?? {}, secretValues) as Props;
  const removed = removals(olds.callTemplate, desired.callTemplate);
  // An empty list, not null: a PATCH that ignores null keeps the old secret, and it is never returned to tell.
  const shared = desired.sharedSecrets ?? (olds.sharedSecrets !== undefined ? [] : undefined);
  return { name: desired.name, callTemplate: overlay(defined({ ...template, sharedSecrets: shared }), removed) };
}

/** An agent answer, read: the template's credentials as references, never as values. */
function read(answer: unknown, state: Props): RemoteRead {
  const agent = answer as z.infer<typeof agentAnswer>;
  const masked = maskCredentials(
    CREDENTIAL_PLACES,
    agent.callTemplate ?? undefined,
    state.callTemplate,
    (state.secretValues ?? {}) as Record<string, string>,
  );
  return {
    id: agent.agentId,
    fields: { name: agent.name, callTemplate: masked },
    reported: defined({
      agentId: agent.agentId,
      created: agent.created,
      publishedRevisionId: agent.publishedRevisionId,
      reportedCallTemplate: masked,
    }),
  };
}

/**
 * The update's requests: one PATCH of everything the program sets; then, for fields it removed
 * that Ultravox kept (a PATCH that ignores null), their proto3 defaults; then, only for such
 * fields that have none, the template cleared and written whole.
 */
async function write({ api, path, olds, news, request, cutShort }: WriteContext): Promise<RemoteRead> {
  let remote = (await api.request("PATCH", path, { ...request, body: body(news, olds) })).data;
  const held = (answer: RemoteRead) => keptRemovedFields(olds.callTemplate, news.callTemplate, answer.fields.callTemplate);
  let kept = held(remote);
  if (kept.length === 0) return remote;
  const stillHolds = (fields: (string | number)[][]) =>
    `The agent has the new template, but still holds ${fields.map((p) => `callTemplate.${p.join(".")}`).join(", ")}, which this update removes.`;
  const clearable = kept.flatMap((fieldPath) => {
    const clearing = clearingValue(callTemplate(), fieldPath);
    return clearing ? [{ fieldPath, value: clearing.value }] : [];
  });
  if (clearable.length > 0) {
    const patch = clearable.reduce<Props>((template, { fieldPath, value }) => setAt(template, fieldPath, value), {});
    try {
      remote = (await api.request("PATCH", path, { ...request, body: { callTemplate: patch } })).data;
    } catch (error) {
      throw cutShort(error, stillHolds(kept), remote);
    }
    kept = held(remote);
    if (kept.length === 0) return remote;
  }
  // Fields that no value clears (a duration, a nested message): start the template afresh, then write it whole.
  try {
    remote = (await api.request("PATCH", path, { ...request, body: { callTemplate: null } })).data;
  } catch (error) {
    throw cutShort(error, stillHolds(kept), remote);
  }
  try {
    return (await api.request("PATCH", path, { ...request, body: body(news, {}) })).data;
  } catch (error) {
    throw cutShort(
      error,
      "Ultravox cleared the agent's call template to remove fields it kept, and writing it again failed: the agent has NO call " +
        "template now (no prompt, no tools, no voice). Run `pulumi up` again to write it.",
      remote,
    );
  }
}

/** `template` with `value` at `path` (objects made on the way). */
function setAt(template: Props, path: (string | number)[], value: unknown): Props {
  const [head, ...rest] = path;
  const key = String(head);
  const inner = template[key];
  return {
    ...template,
    [key]: rest.length === 0 ? value : setAt(inner !== null && typeof inner === "object" ? (inner as Props) : {}, rest, value),
  };
}

export const agentSpec: ResourceSpec = {
  className: "Agent",
  api: { kind: "collection", path: () => "/api/agents", idField: "agentId", update: "PATCH", what: "agent" },
  inputs: () => ({
    // Required here (the document's schema leaves it optional for a PATCH), with the document's limit.
    name: zAgentWritable().shape.name.def.innerType.check(trimmed),
    callTemplate: z.optional(callTemplate()),
    sharedSecrets: z.optional(z.array(trimmedString)),
    secretValues: z.optional(z.record(referenceNameKey, trimmedString)),
  }),
  refine: (inputs): Issue[] => [
    ...referenceIssues(CREDENTIAL_PLACES, inputs.callTemplate, ["callTemplate"], "Agent"),
    ...secretValueIssues(CREDENTIAL_PLACES, inputs, "callTemplate"),
  ],
  sensitive: (path) => path[0] === "callTemplate" && atOrInsidePlace(CREDENTIAL_PLACES, path.slice(1)),
  secretInputs: ["sharedSecrets", "secretValues"],
  fields: { name: "whole", callTemplate: "partial" },
  body,
  answer: agentAnswer,
  read,
  naturalKey: { field: "name", created: "created", what: "agent", unique: true },
  write,
};
