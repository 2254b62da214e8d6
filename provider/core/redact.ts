/**
 * Secret redaction, written once.
 *
 * Every text that may leave this package (an error message, a field message the API sent back, a
 * body excerpt) goes through a Redactor built from every secret the operation knows. The API may
 * echo a submitted value in an error body, sometimes JSON- or URL-encoded, and a message may be
 * cut anywhere; so not only each secret but every run of MIN_RUN characters of it (in each of
 * those encodings) is replaced. Whatever is cut afterwards, no run of MIN_RUN characters of a
 * secret can remain.
 */
export const REDACTED = "[secret]";

/** No run of this many characters of a secret survives redaction. */
export const MIN_RUN = 8;

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  /** Every MIN_RUN-character window of every secret, in every encoding. */
  private readonly windows = new Set<string>();
  /** Secrets (in some encoding) shorter than MIN_RUN: replaced only whole. */
  private readonly shortNeedles: string[] = [];

  constructor(secrets: Iterable<string | undefined>) {
    for (const secret of secrets) {
      if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
        if (form.length < MIN_RUN) this.shortNeedles.push(form);
        for (let i = 0; i + MIN_RUN <= form.length; i++) this.windows.add(form.slice(i, i + MIN_RUN));
      }
    }
    // Longest first, so a short secret that contains another is replaced whole.
    this.shortNeedles.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    if (this.windows.size > 0 && out.length >= MIN_RUN) {
      const covered = new Uint8Array(out.length);
      let any = false;
      for (let i = 0; i + MIN_RUN <= out.length; i++) {
        if (this.windows.has(out.slice(i, i + MIN_RUN))) {
          covered.fill(1, i, i + MIN_RUN);
          any = true;
        }
      }
      if (any) out = replaceCovered(out, covered);
    }
    for (const needle of this.shortNeedles) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  }
}

/** Each maximal run of covered characters becomes one REDACTED. */
function replaceCovered(text: string, covered: Uint8Array): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (covered[i] === 0) out += text[i];
    else if (i === 0 || covered[i - 1] === 0) out += REDACTED;
  }
  return out;
}

export const NO_SECRETS = new Redactor([]);
