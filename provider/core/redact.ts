/**
 * Secret redaction, written once.
 *
 * Every text that may leave this package (an error message, a field message the API sent back, a
 * body excerpt) goes through a Redactor built from the secrets of the request that produced it.
 * The API may echo a submitted value in an error body, sometimes JSON- or URL-encoded, so each
 * secret is searched for in those encodings too.
 */
export const REDACTED = "[secret]";

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly needles: string[];

  constructor(secrets: Iterable<string | undefined>) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
      needles.add(secret);
      needles.add(JSON.stringify(secret).slice(1, -1));
      needles.add(encodeURIComponent(secret));
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const needle of this.needles) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  }

  /** A copy of a JSON-like value with every string redacted (keys included). */
  redactValue(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [this.redact(k), this.redactValue(v)]),
      );
    }
    return value;
  }
}

export const NO_SECRETS = new Redactor([]);
