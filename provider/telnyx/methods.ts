/**
 * The Telnyx provider methods, loaded by the serialized handle (`./provider`): its path,
 * `pulumi-ultravox/dist/telnyx/methods.js`, and the export `telnyxMethods` are written into users'
 * states and must keep working across releases.
 */
import { SpecProvider } from "../core/spec-provider";
import { telephonySpec } from "../telephony/carrier";
import { telnyxSpec } from "./spec";

export const telnyxMethods = new SpecProvider(telephonySpec(telnyxSpec), telnyxSpec.apiKeyInputs);
