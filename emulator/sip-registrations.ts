/**
 * The emulator's SIP registrations (`/api/sip/registrations`, `/api/sip/registrations/<id>`:
 * list, POST, GET, PATCH, DELETE; no PUT), as the API document describes them: `username` (at
 * most 60 characters), `password` and `proxy` (at most 100) required; `outboundProxy` (at most
 * 100) and `authUser` (at most 60) optional, null when unset; `registrationId`, `created` and
 * `successful` the server's. `password` is write-only: no answer carries it, not even as a prefix
 * (the document gives it no prefix field).
 *
 * Where the document is silent, the emulator assumes:
 *  - `successful` is null ("status not available yet") after a create and after any change, as
 *    the registration is (re)done; only `settleRegistration` (for tests: the SIP server answering)
 *    sets it to true or false;
 *  - `registrationId` is a UUID (the document says only "string"); usernames need not be unique.
 */
import { randomUUID } from "node:crypto";
import { collectionRoute, writeOutOfBand, type Kind } from "./collection";
import { drfTime, text, type Fields } from "./fields";

/** What a client (or someone in the console) writes of a registration. */
export interface RegistrationFields {
  username?: string;
  password?: string;
  proxy?: string;
  outboundProxy?: string | null;
  authUser?: string | null;
}

/** A registration as stored, `password` included (tests only). */
export interface StoredRegistration {
  registrationId: string;
  created: string;
  username: string;
  password: string;
  proxy: string;
  outboundProxy: string | null;
  authUser: string | null;
  successful: boolean | null;
}

const FIELDS: Fields = {
  username: { check: text(60), required: true },
  password: { check: text(), required: true },
  proxy: { check: text(100), required: true },
  outboundProxy: { check: text(100), nullable: true },
  authUser: { check: text(60), nullable: true },
};

export const registrations: Kind<StoredRegistration, RegistrationFields> = {
  name: "sip registration",
  path: "/api/sip/registrations",
  itemMethods: ["PATCH", "DELETE"],
  fields: FIELDS,
  id: (registration) => registration.registrationId,
  create: (values) => ({
    registrationId: randomUUID(),
    created: drfTime(),
    username: values.username!,
    password: values.password!,
    proxy: values.proxy!,
    outboundProxy: values.outboundProxy ?? null,
    authUser: values.authUser ?? null,
    successful: null,
  }),
  update: (registration, values) => ({ ...registration, ...values, successful: null }),
  present: ({ password: _password, ...shown }) => shown,
};

export const registrationsRoute = collectionRoute(registrations);

/** Creates a registration (no `registrationId`) or changes one, as someone in the console would; see `writeOutOfBand`. */
export function writeRegistration(
  store: Map<string, StoredRegistration>,
  fields: RegistrationFields,
  registrationId?: string,
): StoredRegistration {
  return writeOutOfBand(registrations, store, fields, registrationId);
}

/** The SIP server's answer to a registration: it succeeded or failed (`null`: not known yet). */
export function settleRegistration(store: Map<string, StoredRegistration>, registrationId: string, successful: boolean | null): void {
  const registration = store.get(registrationId);
  if (registration === undefined) throw new Error(`the emulator has no SIP registration ${registrationId} in that account`);
  registration.successful = successful;
}
