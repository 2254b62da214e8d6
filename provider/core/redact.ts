/**
 * Secret redaction, written once.
 *
 * Every text that may leave this package (an error message, a field message the API sent back, a
 * body excerpt) goes through a Redactor built from every secret the operation knows. The API (or a
 * carrier or proxy behind it) may echo a submitted value back encoded: JSON- or URL-encoded, hex,
 * base64 (an HTTP Basic header holds `id:token`), HTML-escaped, or in another letter case; and a
 * message may be cut anywhere. So not only each secret but every run of MIN_RUN characters of it,
 * in each of those encodings, is replaced. Whatever is cut afterwards, no run of MIN_RUN characters
 * of a secret's encoding can remain.
 */
export const REDACTED = "[secret]";

/** No run of this many characters of a secret survives redaction. */
export const MIN_RUN = 8;

/** Secrets (and encoded forms) shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  /** Every MIN_RUN-character window of every secret, in every encoding, in folded case. */
  private readonly windows = new Set<string>();
  /** Secrets (in some encoding, folded) shorter than MIN_RUN: replaced only whole. */
  private readonly shortNeedles: string[] = [];

  constructor(secrets: Iterable<string | undefined>) {
    for (const secret of secrets) {
      if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of new Set(encodings(secret).map(foldCase))) {
        if (form.length < MIN_SECRET_LENGTH) continue;
        if (form.length < MIN_RUN) this.shortNeedles.push(form);
        for (let i = 0; i + MIN_RUN <= form.length; i++) this.windows.add(form.slice(i, i + MIN_RUN));
      }
    }
  }

  redact(text: string): string {
    if (this.windows.size === 0 && this.shortNeedles.length === 0) return text;
    const covered = new Uint8Array(text.length);
    let any = this.cover(foldCase(text), undefined, covered);
    const html = htmlDecoded(text);
    if (html !== undefined) any = this.cover(foldCase(html.text), html, covered) || any;
    return any ? replaceCovered(text, covered) : text;
  }

  /**
   * Marks in `covered` the characters of the original text behind each hit in `view` (the text,
   * or its HTML-decoded form with `origin` mapping each of its characters back). True if any.
   */
  private cover(view: string, origin: Origin | undefined, covered: Uint8Array): boolean {
    let any = false;
    const mark = (first: number, last: number) => {
      covered.fill(1, origin ? origin.from[first] : first, origin ? origin.to[last] : last + 1);
      any = true;
    };
    for (let i = 0; i + MIN_RUN <= view.length; i++) {
      if (this.windows.has(view.slice(i, i + MIN_RUN))) mark(i, i + MIN_RUN - 1);
    }
    for (const needle of this.shortNeedles) {
      for (let at = view.indexOf(needle); at >= 0; at = view.indexOf(needle, at + 1)) mark(at, at + needle.length - 1);
    }
    return any;
  }
}

/**
 * A secret as it may be echoed: raw, JSON-escaped, URL-encoded, hex, and base64 (standard and
 * URL-safe) at each of the three alignments it can have inside a longer base64 text.
 * HTML escaping and letter case are undone on the text instead (`htmlDecoded`, `foldCase`).
 */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), bytes.toString("hex"), ...base64Forms(bytes)];
}

/**
 * Base64 turns each 3 bytes into 4 characters, so what the secret's bytes become depends on where
 * they start in the encoded data, modulo 3. For each offset, the characters that depend on the
 * secret's bytes alone: from the first character whose 6 bits all lie in the secret, to the last
 * (the final one counted with zero padding bits, as when the secret ends the data).
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const first = Math.ceil((offset * 8) / 6);
    for (const alphabet of ["base64", "base64url"] as const) forms.push(shifted.toString(alphabet).replace(/=+$/, "").slice(first));
  }
  return forms;
}

/**
 * Lower case, character for character: the result has the text's length and each character stays
 * at its index (a character whose lower case is longer, such as `İ`, is kept as it is).
 */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  // Lower-casing never shortens a character: the same length means none grew.
  if (lower.length === text.length) return lower;
  let out = "";
  for (const ch of text) {
    const folded = ch.toLowerCase();
    out += folded.length === ch.length ? folded : ch;
  }
  return out;
}

/** Where each character of a decoded view came from in the original text: [from, to). */
interface Origin {
  from: Uint32Array;
  to: Uint32Array;
}

const HTML_REFERENCE = /&(?:#x([0-9a-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/gi;
const NAMED_REFERENCES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * The text with its HTML character references decoded (`&quot;`, `&#39;`, `&#x2F;`, ...: escapers
 * differ in which they use), and where each character came from; undefined when it has none.
 */
function htmlDecoded(text: string): ({ text: string } & Origin) | undefined {
  if (!text.includes("&")) return undefined;
  // A reference is at least 4 characters and decodes to at most 2: the view is never longer.
  const from = new Uint32Array(text.length);
  const to = new Uint32Array(text.length);
  let out = "";
  let copied = 0;
  /** Appends text[start, end) as it is. */
  const copy = (start: number, end: number) => {
    for (let i = start; i < end; i++) {
      from[out.length + i - start] = i;
      to[out.length + i - start] = i + 1;
    }
    out += text.slice(start, end);
  };
  for (const match of text.matchAll(HTML_REFERENCE)) {
    const [reference, hex, decimal, name] = match;
    const codePoint = hex !== undefined ? parseInt(hex, 16) : decimal !== undefined ? Number(decimal) : undefined;
    if (codePoint !== undefined && codePoint > 0x10ffff) continue;
    copy(copied, match.index);
    const decoded = codePoint !== undefined ? String.fromCodePoint(codePoint) : NAMED_REFERENCES[name.toLowerCase()];
    from.fill(match.index, out.length, out.length + decoded.length);
    to.fill(match.index + reference.length, out.length, out.length + decoded.length);
    out += decoded;
    copied = match.index + reference.length;
  }
  if (copied === 0) return undefined;
  copy(copied, text.length);
  return { text: out, from, to };
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
