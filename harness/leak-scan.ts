/**
 * The leak scan: every place a secret could surface to a user or a log, searched for each secret,
 * and for every run of MIN_RUN (8) characters of it, so that a secret cut in two is found too.
 * A hit names the place, never the secret.
 */
import { MIN_RUN } from "../provider/core/redact";
import type { Engine } from "./engine";
import type { ProviderProcess } from "./provider-process";

export interface LeakHit {
  place: string;
  /** Which secret (by its label), not its value. */
  secret: string;
}

export function scanForSecrets(secrets: Record<string, string>, places: Record<string, string>): LeakHit[] {
  const hits: LeakHit[] = [];
  for (const [place, text] of Object.entries(places)) {
    for (const [label, value] of Object.entries(secrets)) {
      if (value.length > 0 && runsOf(value).some((run) => text.includes(run))) hits.push({ place, secret: label });
    }
  }
  return hits;
}

/**
 * What the engine and the provider process expose: the state as written (secrets encrypted),
 * `__provider`, every gRPC answer as the engine records it (values under the keys Pulumi stores
 * as secrets travel in plaintext by design, acceptSecrets=false, and are stored encrypted: those
 * alone are masked here), every gRPC error in full, and the process's stdout and stderr.
 */
export function exposedPlaces(
  engine: Engine,
  provider: ProviderProcess,
  secretKeys: ReadonlySet<string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const providers = [...engine.state.values()].map((s) => JSON.stringify(s.inputs.__provider ?? "")).join("\n");
  const answers = provider.transcript.map((t) =>
    t.error !== undefined ? `${t.method} error: ${t.error}` : `${t.method}: ${JSON.stringify(mask(t.answer, secretKeys))}`,
  );
  return {
    "state (what is not marked secret)": JSON.stringify(engine.persisted()),
    __provider: providers,
    "gRPC answers and errors": answers.join("\n"),
    "provider stdout": provider.stdout,
    "provider stderr": provider.stderr,
    ...extra,
  };
}

/** The keys Pulumi stores as secrets for these program resources: secret inputs and additionalSecretOutputs. */
export function secretKeysOf(resources: readonly { secretInputs: string[]; additionalSecretOutputs: string[] }[]): Set<string> {
  return new Set(resources.flatMap((r) => [...r.secretInputs, ...r.additionalSecretOutputs]));
}

function mask(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v, keys));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.has(k) ? "[secret]" : mask(v, keys)]));
  }
  return value;
}

/** The secret itself when short, else each of its MIN_RUN-character windows. */
function runsOf(secret: string): string[] {
  if (secret.length <= MIN_RUN) return [secret];
  return Array.from({ length: secret.length - MIN_RUN + 1 }, (_, i) => secret.slice(i, i + MIN_RUN));
}
