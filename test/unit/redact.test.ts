/**
 * The Redactor: a secret is replaced whole, in every encoding the API might echo it in, and no run
 * of 8 of its characters survives, wherever a text is later cut.
 */
import { MIN_RUN, REDACTED, Redactor } from "../../provider/core/redact";

const TOKEN = 'tokR"edact/plivo 7c2e9a41';

/** Every run of MIN_RUN characters of `text`. */
const runsOf = (text: string) => Array.from({ length: text.length - MIN_RUN + 1 }, (_, i) => text.slice(i, i + MIN_RUN));

describe("Redactor", () => {
  it("replaces a secret raw, JSON-escaped and URL-encoded", () => {
    const r = new Redactor([TOKEN]);
    for (const form of [TOKEN, JSON.stringify(TOKEN).slice(1, -1), encodeURIComponent(TOKEN)]) {
      expect(r.redact(`before ${form} after`)).toBe(`before ${REDACTED} after`);
    }
  });

  it("replaces any run of 8 characters of a secret: a secret cut in two is still hidden", () => {
    const r = new Redactor([TOKEN]);
    const head = TOKEN.slice(0, MIN_RUN + 3);
    const tail = TOKEN.slice(-MIN_RUN);
    expect(r.redact(`cut: ${head}…`)).toBe(`cut: ${REDACTED}…`);
    expect(r.redact(`${tail} was the end`)).toBe(`${REDACTED} was the end`);
    // Shorter runs are ordinary text.
    expect(r.redact(`a ${TOKEN.slice(0, MIN_RUN - 1)} b`)).toBe(`a ${TOKEN.slice(0, MIN_RUN - 1)} b`);
  });

  it("replaces short secrets whole, and ignores ones too short to tell from words", () => {
    const r = new Redactor(["k3y-v", "abc"]);
    expect(r.redact("the k3y-v and abc")).toBe(`the ${REDACTED} and abc`);
  });

  it("merges adjacent hits into one placeholder", () => {
    const r = new Redactor([TOKEN, "emu12345.0123456789abcdef0123456789abcdef"]);
    expect(r.redact(`${TOKEN}emu12345.0123456789abcdef0123456789abcdef!`)).toBe(`${REDACTED}!`);
  });

  it("replaces a secret in another letter case, and keeps the rest of the text as it was", () => {
    const r = new Redactor([TOKEN]);
    expect(r.redact(`Was ${TOKEN.toUpperCase()} Refused?`)).toBe(`Was ${REDACTED} Refused?`);
    const mixed = [...TOKEN].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join("");
    expect(r.redact(`(${mixed.slice(3)})`)).toBe(`(${REDACTED})`);
    // A letter whose lower case is longer (İ) changes nothing around it.
    expect(r.redact(`İ ${TOKEN} İ`)).toBe(`İ ${REDACTED} İ`);
  });

  it("replaces a secret hex-encoded, in either case", () => {
    const r = new Redactor([TOKEN, "sécret-ünïcode"]);
    for (const hex of [Buffer.from(TOKEN).toString("hex"), Buffer.from("sécret-ünïcode").toString("hex")]) {
      expect(r.redact(`0x${hex}.`)).toBe(`0x${REDACTED}.`);
      expect(r.redact(`0x${hex.toUpperCase()}.`)).toBe(`0x${REDACTED}.`);
    }
  });

  it("replaces a secret HTML-escaped, whichever references the escaper chose", () => {
    const r = new Redactor([TOKEN, "a<b>&'c\"d"]);
    const escaped = [
      TOKEN.replace(/"/g, "&quot;"),
      TOKEN.replace(/"/g, "&#34;"),
      TOKEN.replace(/"/g, "&#x22;").replace(/\//g, "&#x2F;"),
      [...TOKEN].map((c) => `&#${c.codePointAt(0)};`).join(""),
      "a&lt;b&gt;&amp;&#39;c&quot;d",
      "a&LT;b&GT;&AMP;&apos;c&#x22;d",
    ];
    for (const form of escaped) expect(r.redact(`<p>${form}</p>`)).toBe(`<p>${REDACTED}</p>`);
  });

  describe("base64", () => {
    /** Whether any MIN_RUN-character run of `secret` can be read back out of the base64 pieces left in `text`. */
    const readable = (text: string, secret: string) =>
      text
        .split(REDACTED)
        .flatMap((piece) =>
          [0, 1, 2, 3].map((shift) => Buffer.from(piece.replace(/^Basic /, "").slice(shift), "base64").toString("latin1")),
        )
        .some((decoded) => runsOf(secret).some((run) => decoded.includes(run)));

    it.each([0, 1, 2, 3, 4, 5])("replaces a secret inside a longer base64 text, %i bytes in (every alignment)", (offset) => {
      const r = new Redactor([TOKEN]);
      for (const alphabet of ["base64", "base64url"] as const) {
        const encoded = Buffer.from(`${"p".repeat(offset)}${TOKEN}suffix`).toString(alphabet);
        expect(readable(encoded, TOKEN)).toBe(true);
        const redacted = r.redact(encoded);
        expect(redacted).toContain(REDACTED);
        expect(readable(redacted, TOKEN)).toBe(false);
      }
    });

    it("replaces the token of an HTTP Basic header (id:token), whatever the id's length", () => {
      const r = new Redactor([TOKEN]);
      for (const id of ["MA1", "MAFAKEAUTHID000000001", "ACfake0000000000000000000000000001"]) {
        const header = `Authorization: Basic ${Buffer.from(`${id}:${TOKEN}`).toString("base64")}`;
        const redacted = r.redact(header);
        expect(redacted).toMatch(/^Authorization: Basic \S*\[secret\]/);
        expect(readable(redacted, TOKEN)).toBe(false);
      }
    });

    it("replaces a secret base64-encoded alone, padded or not", () => {
      const r = new Redactor([TOKEN]);
      expect(r.redact(`key=${Buffer.from(TOKEN).toString("base64")}`)).toMatch(/^key=\[secret\]=*$/);
      expect(r.redact(`key=${Buffer.from(TOKEN).toString("base64url")}`)).toBe(`key=${REDACTED}`);
    });
  });
});
