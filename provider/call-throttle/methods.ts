/**
 * The CallThrottle provider methods, loaded by the serialized handle (`./provider`): its path,
 * `pulumi-ultravox/dist/call-throttle/methods.js`, and the export `callThrottleMethods` are written
 * into users' states and must keep working across releases.
 */
export { callThrottleMethods } from "../implementation";
