/**
 * Write-only secrets: values the API accepts and never returns, reporting a prefix of each instead
 * (a telephony config's auth token, Telnyx's API and public keys). The whole rule is here.
 *
 *  - After a write the state records the prefix Ultravox reported, twice: as `<prefix>` (what it
 *    reports now) and as `<prefix>AtLastWrite` (what it reported right after our write).
 *  - A refresh records the prefix reported now. When it differs from the one at our last write,
 *    the secret was changed outside Pulumi. Nothing assumes the prefix's length, nor that it is a
 *    literal prefix of the secret: only that the same secret yields the same prefix.
 *  - `read` then returns, as the secret's input, a marker in place of the secret. The stored
 *    inputs now differ from the program's, so the next preview names the secret
 *    (`~ authToken: [secret] => [secret]`) and the next `up` writes the program's value back.
 *  - The marker is never sent. It comes back as a desired value only through `ignoreChanges` on
 *    the secret; the secret is then left as Ultravox has it.
 *  - An answer without a prefix (documented as always present) records none; drift of that secret
 *    is then not detected until a refresh sees a prefix, which becomes the baseline.
 */
type Props = Record<string, unknown>;

export interface WriteOnlySecret {
  /** The input (and secret output) holding the value, e.g. `authToken`. */
  field: string;
  /** The output holding the prefix the API reports, e.g. `authTokenPrefix`. */
  prefixField: string;
}

/** The output recording the prefix reported right after our last write. */
function prefixAtLastWriteField(secret: WriteOnlySecret): string {
  return `${secret.prefixField}AtLastWrite`;
}

/** True when the state shows the secret changed outside Pulumi since our last write. */
function changedOutside(secret: WriteOnlySecret, state: Props): boolean {
  const now = state[secret.prefixField];
  const atWrite = state[prefixAtLastWriteField(secret)];
  return typeof now === "string" && typeof atWrite === "string" && now !== atWrite;
}

const MARKER_START = "[changed outside Pulumi: ";

/** True for the marker `read` puts in place of a secret changed outside Pulumi. */
export function isOutsideChangeMarker(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(MARKER_START);
}

/** The value to send for the secret, or undefined when it must be left as it is (a marker). */
export function valueToSend(secret: WriteOnlySecret, desired: Props): unknown {
  const value = desired[secret.field];
  return isOutsideChangeMarker(value) ? undefined : value;
}

/** The secret's part of the state after a write of `desired` that Ultravox answered with `reported`. */
export function stateAfterWrite(secret: WriteOnlySecret, desired: Props, reported: string | undefined, olds: Props): Props {
  const atWrite = prefixAtLastWriteField(secret);
  if (isOutsideChangeMarker(desired[secret.field])) {
    // Not written (ignoreChanges kept the marker): keep the old record, so the drift stays visible.
    return { [secret.field]: olds[secret.field], [secret.prefixField]: reported, [atWrite]: olds[atWrite] ?? reported };
  }
  return { [secret.field]: desired[secret.field], [secret.prefixField]: reported, [atWrite]: reported };
}

/**
 * The secret's part of the state after a refresh that found `reported`, and the input `read`
 * returns for it: the recorded value, or the marker when the secret changed outside Pulumi.
 */
export function afterRead(secret: WriteOnlySecret, state: Props, reported: string | undefined): { state: Props; input: unknown } {
  const atWrite = prefixAtLastWriteField(secret);
  const next: Props = {
    [secret.field]: state[secret.field],
    [secret.prefixField]: reported,
    // No record at the last write (a state from before it was kept, or a write answered without a
    // prefix): the prefix recorded before, else the first one reported, is the baseline.
    [atWrite]: typeof state[atWrite] === "string" ? state[atWrite] : (state[secret.prefixField] ?? reported),
  };
  const input = changedOutside(secret, next)
    ? `${MARKER_START}Ultravox reports ${secret.prefixField} ${JSON.stringify(reported)}, last written ${JSON.stringify(next[atWrite])}]`
    : state[secret.field];
  return { state: next, input };
}

/**
 * True when the secret must be written again: the program asks for another value than the state
 * records, or it was changed outside Pulumi. A marker as the desired value (ignoreChanges) never is.
 */
export function secretDiffers(secret: WriteOnlySecret, olds: Props, news: Props): boolean {
  const desired = news[secret.field];
  if (isOutsideChangeMarker(desired)) return false;
  return olds[secret.field] !== desired || changedOutside(secret, olds);
}
