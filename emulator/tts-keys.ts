/**
 * The emulator's TTS API keys of an account (`/api/accounts/me/tts_api_keys`: GET and PATCH only),
 * as the API document describes them: one key per vendor of `PatchedSetTtsApiKeysRequest`
 * (`elevenLabs`, `cartesia`, `lmnt`, `google`, `inworld`, `respeecher`), each write-only, an
 * answer (`AccountTtsKeys`) reporting a set key only as a `KeyPrefix` (`{"prefix": ...}`, by
 * `EmulatorOptions.tokenPrefix`) and leaving out a vendor with no key.
 *
 * How a key is cleared: the request document makes each key a nullable string, so a PATCH with
 * `null` removes that vendor's key. An empty string is refused as DRF refuses a blank string
 * (`This field may not be blank.`): the document allows no blank (its `nullable` is the way to
 * clear). A vendor the PATCH leaves out keeps its key.
 *
 * Where the document is silent, the emulator assumes: a key is any non-blank string (`google`'s, a
 * service account's JSON key, is not parsed), and no key is checked with its vendor.
 */
import type { DrfErrors } from "./carriers";
import { fieldErrors, text, valuesOf, type Fields } from "./fields";
import { NOT_AN_OBJECT, notAllowed, objectBody, type ObjectRoute } from "./routes";

export const TTS_VENDORS = ["elevenLabs", "cartesia", "lmnt", "google", "inworld", "respeecher"] as const;
export type TtsVendor = (typeof TTS_VENDORS)[number];

/** An account's TTS keys as stored, by vendor (tests only: the keys in clear). */
export type StoredTtsKeys = Map<TtsVendor, string>;

const FIELDS: Fields = Object.fromEntries(TTS_VENDORS.map((vendor) => [vendor, { check: text(), nullable: true }]));

export const ttsKeysRoute: ObjectRoute<StoredTtsKeys> = {
  name: "tts api keys",
  pattern: /^\/api\/accounts\/me\/tts_api_keys\/?$/,
  store: () => new Map(),
  handle(keys, request) {
    const { method } = request;
    if (method !== "GET" && method !== "PATCH") return notAllowed(method);
    if (method === "PATCH") {
      const body = objectBody(request);
      if (!body) return NOT_AN_OBJECT;
      const errors = patch(keys, body);
      if (errors) return { status: 400, body: errors };
    }
    return { status: 200, body: Object.fromEntries([...keys].map(([vendor, key]) => [vendor, { prefix: request.prefixOf(key) }])) };
  },
};

function patch(keys: StoredTtsKeys, body: Record<string, unknown>): DrfErrors | undefined {
  const errors = fieldErrors(FIELDS, body, true);
  if (errors) return errors;
  for (const [vendor, key] of Object.entries(valuesOf(FIELDS, body)) as [TtsVendor, string | null][]) {
    if (key === null) keys.delete(vendor);
    else keys.set(vendor, key);
  }
  return undefined;
}

/** Sets (rotates) or, with null, removes a vendor's key as someone in the console would. */
export function setTtsKey(keys: StoredTtsKeys, vendor: TtsVendor, key: string | null): void {
  const errors = patch(keys, { [vendor]: key });
  if (errors) throw new Error(`the emulator refuses that TTS key: ${JSON.stringify(errors)}`);
}
