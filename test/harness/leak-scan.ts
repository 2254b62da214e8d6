/**
 * The leak scan: every place a secret could surface to a user or a log, searched for each secret.
 * A hit names the place, never the secret.
 */
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
      if (value.length > 0 && text.includes(value)) hits.push({ place, secret: label });
    }
  }
  return hits;
}

/**
 * What the engine and the provider process expose: the state as written (secrets encrypted),
 * `__provider`, every gRPC answer as the engine records it (values under secret-marked keys are
 * carried in plaintext by design, acceptSecrets=false, and stored encrypted: masked here, and only
 * those), every gRPC error in full, and the process's stdout and stderr.
 */
export function exposedPlaces(engine: Engine, provider: ProviderProcess, extra: Record<string, string> = {}): Record<string, string> {
  const providers = [...engine.state.values()].map((s) => String(s.inputs.__provider ?? "")).join("\n");
  const secretKeys = new Set<string>();
  for (const s of engine.state.values()) {
    for (const k of [...s.secretInputs, ...s.secretOutputs, ...s.additionalSecretOutputs]) secretKeys.add(k);
  }
  for (const k of engine.secretKeysSeen) secretKeys.add(k);
  const answers = provider.transcript.map((t) => (t.error !== undefined ? `${t.method} error: ${t.error}` : `${t.method}: ${JSON.stringify(mask(t.answer, secretKeys))}`));
  return {
    "state (what is not marked secret)": JSON.stringify(engine.persisted()),
    __provider: providers,
    "gRPC answers and errors": answers.join("\n"),
    "provider stdout": provider.stdout,
    "provider stderr": provider.stderr,
    ...extra,
  };
}

function mask(value: unknown, keys: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v, keys));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.has(k) ? "[secret]" : mask(v, keys)]));
  }
  return value;
}
