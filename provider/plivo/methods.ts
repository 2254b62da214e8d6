/**
 * The Plivo provider methods. The serialized handle (`./provider`) loads this module from the
 * installed package when a method runs: its path, `pulumi-ultravox/dist/plivo/methods.js`, and the
 * export `plivoMethods` are written into users' states and must keep working across releases.
 */
export { plivoMethods } from "../implementation";
