/**
 * pulumi-ultravox: Ultravox telephony configuration as Pulumi resources.
 */
import plivoTelephonyConfigProvider = require("./plivo/provider");

export { PlivoTelephonyConfig, type PlivoTelephonyConfigArgs } from "./plivo/resource";
export { plivoTelephonyConfigProvider };
