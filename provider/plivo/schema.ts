/**
 * Plivo's part: its fields, its secret, its input rules and the shape of the API's answer
 * (`/api/telephony_configs/plivo`, see the API reference in the README).
 */
import { z } from "zod";
import type { CarrierSpec, RemoteConfig } from "../core/carrier";
import { dotPath, expected, isUnknown, show, trimmedString, unknownOr, uuid } from "../core/validation";

/** The API's documented limit on `callCreationAllowedAgentIds`. */
export const MAX_AGENT_IDS = 100;

const agentIds = z.array(uuid, expected("a list of agent ids (UUID strings)")).max(MAX_AGENT_IDS, {
  error: (issue) => `may hold at most ${MAX_AGENT_IDS} agent ids, got ${(issue.input as unknown[]).length}`,
});

const contextMapping = z.record(dotPath, dotPath, expected("an object mapping request fields to context fields"));

function lowerIds(ids: unknown): unknown {
  return Array.isArray(ids) ? ids.map((id) => (typeof id === "string" && !isUnknown(id) ? id.toLowerCase() : id)) : ids;
}

export const plivoSpec: CarrierSpec = {
  name: "plivo",
  resourceName: "PlivoTelephonyConfig",
  fields: {
    authId: "value",
    callCreationAllowedAgentIds: "set",
    callCreationAllowAllAgents: "value",
    requestContextMapping: "map",
  },
  secrets: [{ field: "authToken", prefixField: "authTokenPrefix" }],

  inputShape: () => ({
    authId: trimmedString,
    authToken: trimmedString,
    callCreationAllowedAgentIds: unknownOr(agentIds).optional(),
    callCreationAllowAllAgents: unknownOr(z.boolean(expected("true or false"))).optional(),
    requestContextMapping: unknownOr(contextMapping).optional(),
  }),

  refine(value, ctx) {
    const ids = value.callCreationAllowedAgentIds;
    if (Array.isArray(ids)) {
      const seen = new Map<string, number>();
      ids.forEach((id, index) => {
        if (typeof id !== "string" || isUnknown(id)) return;
        const key = id.toLowerCase();
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else {
          ctx.addIssue({
            code: "custom",
            path: ["callCreationAllowedAgentIds", index],
            message: `repeats callCreationAllowedAgentIds[${first}] (${show(id)}; ids are compared ignoring case)`,
          });
        }
      });
      if (value.callCreationAllowAllAgents === true && ids.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["callCreationAllowedAgentIds"],
          message:
            "must be empty when callCreationAllowAllAgents is true: Ultravox allows either every agent or a list, not both",
        });
      }
    }
  },

  normalize: (value) => ({
    ...value,
    callCreationAllowedAgentIds: lowerIds(value.callCreationAllowedAgentIds ?? []),
    callCreationAllowAllAgents: value.callCreationAllowAllAgents ?? false,
    requestContextMapping: value.requestContextMapping ?? {},
  }),

  responseSchema: () =>
    z
      .object({
        authId: z.string(),
        // Documented as always present; an answer without it is accepted (the write was applied),
        // and drift of the token is then not detected until a prefix is reported.
        authTokenPrefix: z.object({ prefix: z.string() }).nullish(),
        callCreationAllowedAgentIds: z.array(z.string()).nullish(),
        callCreationAllowAllAgents: z.boolean().nullish(),
        requestContextMapping: z.record(z.string(), z.string()).nullish(),
      })
      .transform(
        (body): RemoteConfig => ({
          fields: {
            authId: body.authId,
            callCreationAllowedAgentIds: lowerIds(body.callCreationAllowedAgentIds ?? []),
            callCreationAllowAllAgents: body.callCreationAllowAllAgents ?? false,
            requestContextMapping: body.requestContextMapping ?? {},
          },
          prefixes: { authTokenPrefix: body.authTokenPrefix?.prefix },
        }),
      ),
};
