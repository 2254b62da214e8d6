/**
 * A call throttle (`/api/call_throttles`), as a resource spec: its name and rules, updated in place
 * by PATCH. Names need not be unique in the API, so a create whose answer was lost is recognised by
 * its name and creation time.
 */
import * as z from "zod/mini";
import { trimmed } from "../core/formats";
import type { ResourceSpec } from "../core/spec";
import { defined } from "../core/spec-provider";
import { zCallThrottleWritable } from "../generated/zod";

const answer = z.looseObject({
  throttleId: z.string(),
  name: z.string(),
  created: z.optional(z.string()),
  rules: z.optional(z.array(z.looseObject({ maxCalls: z.number(), windowSeconds: z.number() }))),
});

export const callThrottleSpec: ResourceSpec = {
  className: "CallThrottle",
  api: { kind: "collection", path: () => "/api/call_throttles", idField: "throttleId", update: "PATCH", what: "call throttle" },
  inputs: () => ({ name: zCallThrottleWritable().shape.name.check(trimmed), rules: zCallThrottleWritable().shape.rules }),
  secretInputs: [],
  fields: { name: "whole", rules: "whole" },
  body: (desired) => ({ name: desired.name, rules: desired.rules }),
  answer,
  read: (body) => {
    const throttle = body as z.infer<typeof answer>;
    const rules = throttle.rules?.map(({ maxCalls, windowSeconds }) => ({ maxCalls, windowSeconds }));
    return { id: throttle.throttleId, fields: { name: throttle.name, rules }, reported: defined({ created: throttle.created }) };
  },
  naturalKey: { field: "name", created: "created", what: "call throttle", unique: false },
};
