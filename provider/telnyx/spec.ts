/**
 * Telnyx's part (`/api/telephony_configs/telnyx`): its Account SID and Application SID (at most 40
 * characters), and two write-only secrets, the API key and the public key, each reported as a
 * prefix of its own.
 */
import { trimmedString } from "../core/formats";
import { maxLength } from "../core/prose-rules";
import type { CarrierSpec } from "../telephony/carrier";

export const telnyxSpec: CarrierSpec = {
  name: "telnyx",
  className: "TelnyxTelephonyConfig",
  identity: { accountSid: trimmedString, applicationSid: trimmedString.check(maxLength(40)) },
  secrets: [
    { field: "apiKey", prefixField: "apiKeyPrefix" },
    { field: "publicKey", prefixField: "publicKeyPrefix" },
  ],
};
