/**
 * The Plivo provider methods. The serialized handle (`./provider`) loads this module from the
 * installed package when a method runs: its path, `pulumi-ultravox/dist/plivo/methods.js`, and the
 * export `plivoMethods` are written into users' states and must keep working across releases.
 */
import { SpecProvider } from "../core/spec-provider";
import { telephonySpec } from "../telephony/carrier";
import { plivoSpec } from "./spec";

export const plivoMethods = new SpecProvider(telephonySpec(plivoSpec), plivoSpec.apiKeyInputs);
