/**
 * The Plivo provider methods. The serialized handle (`./provider`) loads this module from the
 * installed package when a method runs: its path, `pulumi-ultravox/dist/plivo/methods.js`, is
 * written into users' states and must keep working across releases.
 */
import { createTelephonyConfigProvider } from "../core/telephony-config-provider";
import { plivoSpec } from "./schema";

export const plivoMethods = createTelephonyConfigProvider(plivoSpec);
