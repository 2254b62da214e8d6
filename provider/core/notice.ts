/**
 * What the provider says to the person running Pulumi outside any error (a delete it chose not to
 * send, say). Pulumi shows each line a provider process writes to stderr; nothing said here may
 * hold a secret.
 */
export function notice(message: string): void {
  process.stderr.write(`pulumi-ultravox: ${message}\n`);
}
