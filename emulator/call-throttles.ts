/**
 * The emulator's call throttles (`/api/call_throttles`, `/api/call_throttles/<id>`: list, POST,
 * GET, PUT, PATCH, DELETE), as the API document describes them: `name` (at most 64 characters)
 * and `rules` required, each rule a `maxCalls` from 1 to 100 and a `windowSeconds` from 1 to
 * 86400, both whole numbers and both required; `throttleId` and `created` the server's.
 *
 * Where the document is silent, the emulator assumes: `rules` may be empty (the document sets no
 * minimum) and their number is not limited; rules are kept in the order sent, repeats included;
 * names need not be unique; a PATCH that sends `rules` replaces the whole list.
 */
import { randomUUID } from "node:crypto";
import { collectionRoute, writeOutOfBand, type Kind } from "./collection";
import { drfTime, integer, listOfObjects, text, type Fields } from "./fields";

export interface ThrottleRule {
  maxCalls: number;
  windowSeconds: number;
}

/** What a client (or someone in the console) writes of a throttle. */
export interface ThrottleFields {
  name?: string;
  rules?: ThrottleRule[];
}

/** A throttle as stored, and as answers show it. */
export interface StoredThrottle {
  throttleId: string;
  name: string;
  created: string;
  rules: ThrottleRule[];
}

const FIELDS: Fields = {
  name: { check: text(64), required: true },
  rules: {
    check: listOfObjects({
      maxCalls: { check: integer(1, 100), required: true },
      windowSeconds: { check: integer(1, 86400), required: true },
    }),
    required: true,
  },
};

/** Only the rule's own fields: DRF drops the rest of a nested object. */
function rules(sent: ThrottleRule[]): ThrottleRule[] {
  return sent.map(({ maxCalls, windowSeconds }) => ({ maxCalls, windowSeconds }));
}

export const throttles: Kind<StoredThrottle, ThrottleFields> = {
  name: "call throttle",
  path: "/api/call_throttles",
  itemMethods: ["PUT", "PATCH", "DELETE"],
  fields: FIELDS,
  id: (throttle) => throttle.throttleId,
  create: (values) => ({ throttleId: randomUUID(), name: values.name!, created: drfTime(), rules: rules(values.rules!) }),
  update: (throttle, values) => ({
    ...throttle,
    name: values.name ?? throttle.name,
    rules: values.rules ? rules(values.rules) : throttle.rules,
  }),
  present: (throttle) => structuredClone(throttle),
};

export const throttlesRoute = collectionRoute(throttles);

/** Creates a throttle (no `throttleId`) or changes one, as someone in the console would; see `writeOutOfBand`. */
export function writeThrottle(store: Map<string, StoredThrottle>, fields: ThrottleFields, throttleId?: string): StoredThrottle {
  return writeOutOfBand(throttles, store, fields, throttleId);
}
