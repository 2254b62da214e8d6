/**
 * Plivo's part (`/api/telephony_configs/plivo`): its Auth ID, its Auth Token (write-only, reported
 * as `authTokenPrefix`), and the Ultravox key's name it had before 0.2.0.
 */
import { API_KEY_INPUT, LEGACY_API_KEY_INPUT } from "../core/settings";
import { trimmedString } from "../core/formats";
import type { CarrierSpec } from "../telephony/carrier";

export const plivoSpec: CarrierSpec = {
  name: "plivo",
  className: "PlivoTelephonyConfig",
  identity: { authId: trimmedString },
  secrets: [{ field: "authToken", prefixField: "authTokenPrefix" }],
  // PlivoTelephonyConfig called the Ultravox key `apiKey` in 0.1.0; programs and states still use it.
  apiKeyInputs: [API_KEY_INPUT, LEGACY_API_KEY_INPUT],
};
