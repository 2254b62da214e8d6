/**
 * Twilio's part (`/api/telephony_configs/twilio`): its Account SID and its Auth Token (write-only,
 * reported as `authTokenPrefix`).
 */
import { trimmedString } from "../core/formats";
import type { CarrierSpec } from "../telephony/carrier";

export const twilioSpec: CarrierSpec = {
  name: "twilio",
  className: "TwilioTelephonyConfig",
  identity: { accountSid: trimmedString },
  secrets: [{ field: "authToken", prefixField: "authTokenPrefix" }],
};
