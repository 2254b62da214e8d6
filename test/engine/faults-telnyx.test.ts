/** The fault suite (faults.ts) for the Telnyx telephony config. */
import { TELNYX } from "../carriers";
import { faultSuite } from "./faults";

describe(`${TELNYX.resource} faults`, () => faultSuite(TELNYX));
