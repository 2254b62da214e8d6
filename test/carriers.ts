/**
 * The one table of telephony carriers every parameterized suite runs over: for each, its resource
 * class, its account fields, its write-only secrets, and plainly fake values for them.
 */
export interface CarrierCase {
  /** The path segment and resource id: `plivo`, `twilio`, `telnyx`. */
  name: string;
  /** The resource class. */
  resource: "PlivoTelephonyConfig" | "TwilioTelephonyConfig" | "TelnyxTelephonyConfig";
  type: string;
  /** Valid values of the account fields. */
  identity: Record<string, string>;
  /** Another valid value of the first account field (a change). */
  otherIdentity: Record<string, string>;
  secrets: { field: string; prefixField: string }[];
  /** Per secret: the value the program sets, another one (a rotation by the program), and one set in the console. */
  values: Record<string, { first: string; next: string; console: string }>;
}

const type = (resource: string) => `pulumi-nodejs:dynamic/ultravox:${resource}`;

export const PLIVO: CarrierCase = {
  name: "plivo",
  resource: "PlivoTelephonyConfig",
  type: type("PlivoTelephonyConfig"),
  identity: { authId: "MAFAKEAUTHID000000001" },
  otherIdentity: { authId: "MACHANGEDINCONSOLE01" },
  secrets: [{ field: "authToken", prefixField: "authTokenPrefix" }],
  values: { authToken: { first: "tokA-a4c123b1612dd272d137", next: "tokB-1c17149d439536b3216f", console: "tokR-b0eb53f16947ccf25ec8" } },
};

export const TWILIO: CarrierCase = {
  name: "twilio",
  resource: "TwilioTelephonyConfig",
  type: type("TwilioTelephonyConfig"),
  identity: { accountSid: "ACfake0000000000000000000000000001" },
  otherIdentity: { accountSid: "ACfake0000000000000000000000000002" },
  secrets: [{ field: "authToken", prefixField: "authTokenPrefix" }],
  values: { authToken: { first: "twlA-5e81c0d2a9f34b67e1c8", next: "twlB-90ab3f7c12e48d65b0a9", console: "twlR-3c7e19fa08d52b64c1e7" } },
};

export const TELNYX: CarrierCase = {
  name: "telnyx",
  resource: "TelnyxTelephonyConfig",
  type: type("TelnyxTelephonyConfig"),
  identity: { accountSid: "fake-telnyx-account-0001", applicationSid: "fake-telnyx-application-0001" },
  otherIdentity: { accountSid: "fake-telnyx-account-0002" },
  secrets: [
    { field: "apiKey", prefixField: "apiKeyPrefix" },
    { field: "publicKey", prefixField: "publicKeyPrefix" },
  ],
  values: {
    apiKey: { first: "tnkA-1d9e07b3c5a24f86e0d1", next: "tnkB-a27f5c0e98d13b46c2f0", console: "tnkR-6b3a91e0d7c24f58a1b9" },
    publicKey: { first: "tpkA-e40c8b1f73a96d25b0e4", next: "tpkB-7f02d9a5c1e83b64d9a2", console: "tpkR-c95e2a07b4d16f83e2c5" },
  },
};

export const CARRIERS: readonly CarrierCase[] = [PLIVO, TWILIO, TELNYX];

/** The carrier's secret values of one kind, by field. */
export function secretValues(carrier: CarrierCase, which: "first" | "next" | "console" = "first"): Record<string, string> {
  return Object.fromEntries(Object.entries(carrier.values).map(([field, v]) => [field, v[which]]));
}

/** Every secret value of the table's carriers, labelled, for the leak scan. */
export function labelledSecrets(carrier: CarrierCase): Record<string, string> {
  return Object.fromEntries(
    Object.entries(carrier.values).flatMap(([field, v]) => [
      [`${carrier.name} ${field}`, v.first],
      [`${carrier.name} next ${field}`, v.next],
      [`${carrier.name} console ${field}`, v.console],
    ]),
  );
}
