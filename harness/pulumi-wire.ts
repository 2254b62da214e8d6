/**
 * Pulumi's RPC wire constants, taken from the SDK itself (`@pulumi/pulumi/runtime/rpc`), so the
 * harness and the tests speak exactly what the engine and the provider process speak.
 */
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** How a value not known yet (during preview) travels in place of any input. */
export const UNKNOWN: string = unknownValue;

/** The signature that marks a secret: `{ [SECRET_SIG.key]: SECRET_SIG.value, value }` on the wire. */
export const SECRET_SIG = { key: specialSigKey, value: specialSecretSig } as const;

/** A secret as a state file holds it (the harness never encrypts anything real). */
export const ENCRYPTED_SECRET = { [specialSigKey]: specialSecretSig, ciphertext: "[encrypted]" } as const;
