/**
 * A benchmark program: one PlivoTelephonyConfig, nothing else (compare trivial.ts).
 */
import * as ultravox from "pulumi-ultravox";

new ultravox.PlivoTelephonyConfig("plivo", {
  authId: "MAFAKEAUTHID000000001",
  authToken: "tokB-daeeb975729fae923d5a",
  callCreationAllowedAgentIds: ["3c90c3cc-0d44-4b50-8888-8dd25736052a"],
});
