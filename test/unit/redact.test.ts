/**
 * The Redactor: a secret is replaced whole, in every encoding the API might echo it in, and no run
 * of 8 of its characters survives, wherever a text is later cut.
 */
import { MIN_RUN, REDACTED, Redactor } from "../../provider/core/redact";

const TOKEN = 'tokR"edact/plivo 7c2e9a41';

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
});
