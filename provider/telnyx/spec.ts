/**
 * Telnyx's part (`/api/telephony_configs/telnyx`): its Account SID and Application SID (at most 40
 * characters), and two write-only secrets, the API key and the public key, each reported as a
 * prefix of its own.
 */
import { string } from "../core/validate";
import type { CarrierSpec } from "../telephony/carrier";

export const telnyxSpec: CarrierSpec = {
  name: "telnyx",
  className: "TelnyxTelephonyConfig",
  identity: { accountSid: string({ trimmed: true }), applicationSid: string({ trimmed: true, maxLength: 40 }) },
  secrets: [
    { field: "apiKey", prefixField: "apiKeyPrefix" },
    { field: "publicKey", prefixField: "publicKeyPrefix" },
  ],
};
