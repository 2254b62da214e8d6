/** The fault suite (faults.ts) for the Twilio telephony config. */
import { TWILIO } from "../carriers";
import { faultSuite } from "./faults";

describe(`${TWILIO.resource} faults`, () => faultSuite(TWILIO));
