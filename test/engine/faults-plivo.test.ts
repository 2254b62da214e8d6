/** The fault suite (faults.ts) for the Plivo telephony config. */
import { PLIVO } from "../carriers";
import { faultSuite } from "./faults";

describe(`${PLIVO.resource} faults`, () => faultSuite(PLIVO));
