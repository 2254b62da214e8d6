/**
 * The emulator's voices (`/api/voices`: GET a page, POST; `/api/voices/<id>`: GET, PUT, PATCH,
 * DELETE), as the API document describes `Voice`, `PatchedVoice` and `ultravox.v1.ExternalVoice`.
 *
 * - A POST is either JSON, a voice served by a TTS provider (`definition`, an `ExternalVoice` with
 *   exactly one provider set), billed by that provider (`VOICE_BILLING_STYLE_EXTERNAL`); or a
 *   `multipart/form-data` form with an audio `file` to clone, a `name`, and optionally a
 *   `description` (generated when absent: "Voice cloned on Dec 2, 2026") and a `language`
 *   (default `en`). A cloned voice is billed with the call (`VOICE_BILLING_STYLE_INCLUDED`), and its
 *   definition is the server's: a Cartesia voice of a new id, which no write may change (400).
 * - The server fills in `voiceId`, `ownership` (`private`), `billingStyle`, `provider` (from the
 *   definition; null for `generic`), `previewUrl` (this emulator's URL; the preview itself is not
 *   emulated) and `languageLabel` (e.g. "🇺🇸 English (United States)", from `primaryLanguage`).
 * - The definition is stored as Ultravox keeps a protobuf message: proto3 defaults left out, every
 *   float a float32 (a speed of 1.1 reads back as 1.100000023841858). Its documented ranges are
 *   enforced (a 400 naming the field).
 * - `name`: at most 40 characters, unique within the account (the document says so for a clone; the
 *   emulator holds every private voice to it). A private voice may share a public voice's name.
 * - Ultravox's public voices (here two) are listed for every account; they can be read, not
 *   changed or deleted (403).
 * - PATCH replaces each field it sends; PUT replaces them all (`name` and `definition` required: a
 *   clone's PUT sends its own definition back).
 * - A voice an agent uses can be deleted: the agent keeps the dangling id or name (`voice` in its
 *   call template is a plain string), and only a call would fail. The document defines no check.
 */
import { randomUUID } from "node:crypto";
import type { DrfErrors } from "./carriers";
import { formParts, isMultipart, type FormPart } from "./multipart";
import { withFloat32s, withoutNulls, withoutProto3Defaults } from "./protobuf";
import { NOT_AN_OBJECT, NOT_FOUND, byMethod, isObject, objectBody, page, textErrors, type Answer, type ObjectRoute } from "./routes";

export type VoiceDefinition = Record<string, unknown>;

export interface StoredVoice {
  voiceId: string;
  name: string;
  description: string | null;
  primaryLanguage: string | null;
  /** As stored: nulls and proto3 defaults left out, floats as float32. */
  definition: VoiceDefinition;
  /** For a voice cloned from a recording: what was uploaded. */
  clonedFrom?: { filename: string; contentType: string; bytes: number };
}

/** The fields of a voice a client sets. */
export type VoiceChanges = Partial<Record<"name" | "description" | "primaryLanguage" | "definition", unknown>>;
type Written = { voice: StoredVoice } | { errors: DrfErrors };

interface ProviderSpec {
  /** What `provider` says of its voices. */
  provider: string | null;
  fields: string[];
  required: string;
  /** The document's ranges, by field path: [min, max]. */
  ranges?: Record<string, [number, number]>;
}

/** The providers of `ExternalVoice`, with the fields and ranges the document gives. */
const PROVIDERS: Record<string, ProviderSpec> = {
  elevenLabs: {
    provider: "eleven_labs",
    required: "voiceId",
    fields: ["voiceId", "model", "speed", "useSpeakerBoost", "style", "similarityBoost", "stability"].concat([
      "pronunciationDictionaries",
      "optimizeStreamingLatency",
      "maxSampleRate",
      "enableSsmlParsing",
    ]),
    ranges: { speed: [0.7, 1.2] },
  },
  cartesia: {
    provider: "cartesia",
    required: "voiceId",
    fields: ["voiceId", "model", "speed", "emotion", "emotions", "generationConfig"],
    ranges: { speed: [-1, 1], "generationConfig.volume": [0.5, 2], "generationConfig.speed": [0.6, 1.5] },
  },
  lmnt: { provider: "lmnt", required: "voiceId", fields: ["voiceId", "model", "speed", "conversational"], ranges: { speed: [0.25, 2] } },
  google: { provider: "google", required: "voiceId", fields: ["voiceId", "speakingRate"], ranges: { speakingRate: [0.25, 2] } },
  inworld: {
    provider: "inworld",
    required: "voiceId",
    fields: ["voiceId", "modelId", "speakingRate", "temperature", "applyTextNormalization"],
    ranges: { speakingRate: [0.5, 1.5], temperature: [0, 2] },
  },
  respeecher: {
    provider: "respeecher",
    required: "voiceId",
    fields: ["voiceId", "model", "seed", "temperature", "topK", "topP", "minP", "presencePenalty", "repetitionPenalty", "frequencyPenalty"],
    // 0 is unset in proto3, so "topK is -1 or more than 0" and "topP is more than 0" are these.
    ranges: {
      temperature: [0, Infinity],
      topK: [-1, Infinity],
      topP: [0, 1],
      minP: [0, 1],
      presencePenalty: [0, 2],
      repetitionPenalty: [1, 2],
      frequencyPenalty: [0, 2],
    },
  },
  generic: {
    provider: null,
    required: "url",
    fields: ["url", "headers", "body", "responseSampleRate", "responseWordsPerMinute", "responseMimeType", "jsonAudioFieldPath"].concat([
      "jsonByteEncoding",
    ]),
  },
};
/** The int32 fields of the providers' voices. */
const INTEGERS = new Set(["optimizeStreamingLatency", "maxSampleRate", "seed", "topK", "responseSampleRate", "responseWordsPerMinute"]);
const LIMITS = { name: 40, description: 240, primaryLanguage: 10 };
const FORBIDDEN: Answer = { status: 403, body: { detail: "You do not have permission to perform this action." } };
const CHOICES: Record<string, string[]> = {
  ownership: ["private", "public"],
  billingStyle: ["VOICE_BILLING_STYLE_INCLUDED", "VOICE_BILLING_STYLE_EXTERNAL"],
  provider: ["lmnt", "cartesia", "google", "respeecher", "eleven_labs", "inworld"],
};

/** Ultravox's own voices, the same in every account. */
const PUBLIC_VOICES: readonly StoredVoice[] = [
  publicVoice("b0e6b5c1-3100-44d5-8578-9015aa3023ae", "Mark", "Energetic and expressive, with a rapid delivery.", "UgBBYS2sOqTuMpoF3BR0"),
  publicVoice("3c90c3cc-0d44-4b50-8888-8dd25736052a", "Jessica", "Calm, clear and friendly.", "cgSgspJ2msm6clMCkdW9"),
];

function publicVoice(voiceId: string, name: string, description: string, elevenLabsId: string): StoredVoice {
  return { voiceId, name, description, primaryLanguage: "en-US", definition: { elevenLabs: { voiceId: elevenLabsId } } };
}

/** One account's voices; its public methods act as someone in the console would. */
export class VoiceStore {
  private readonly voices = new Map<string, StoredVoice>();

  /** The account's voices as stored, oldest first (copies). */
  all(): StoredVoice[] {
    return [...this.voices.values()].map((v) => structuredClone(v));
  }

  get(voiceId: string): StoredVoice | undefined {
    const voice = this.voices.get(voiceId);
    return voice && structuredClone(voice);
  }

  /** Creates a voice as a JSON POST would; its id. Throws what the API would answer with a 400. */
  add(voice: VoiceChanges): string {
    return orThrow(this.write(voice)).voiceId;
  }

  /** Changes a voice as a PATCH would. Throws what the API would answer with a 400. */
  change(voiceId: string, changes: VoiceChanges): void {
    const stored = this.voices.get(voiceId);
    if (!stored) throw new Error(`the emulator has no voice ${voiceId} in that account`);
    orThrow(this.write(structuredClone(changes), stored, true));
  }

  delete(voiceId: string): boolean {
    return this.voices.delete(voiceId);
  }

  /** A JSON POST (no `self`), a PUT, or a PATCH (`partial`) of `self`. */
  write(body: VoiceChanges, self?: StoredVoice, partial = false): Written {
    const sent = Object.fromEntries(
      Object.entries(body).filter(([key]) => ["name", "description", "primaryLanguage", "definition"].includes(key)),
    );
    const fields: VoiceChanges = { ...(partial ? self : {}), ...sent };
    const cloned = self?.clonedFrom !== undefined;
    const definition =
      !cloned || fields.definition === undefined
        ? definitionErrors(fields.definition)
        : same(stored(fields.definition), self.definition)
          ? undefined
          : ["The definition of a cloned voice cannot be changed."];
    const errors = this.textFieldErrors(fields, self);
    if (definition) errors.definition = definition;
    if (Object.keys(errors).length > 0) return { errors };
    return this.store({
      voiceId: self?.voiceId ?? randomUUID(),
      name: fields.name as string,
      description: (fields.description as string | null | undefined) ?? null,
      primaryLanguage: (fields.primaryLanguage as string | null | undefined) ?? null,
      definition: cloned ? self.definition : stored(fields.definition),
      ...(self?.clonedFrom && { clonedFrom: self.clonedFrom }),
    });
  }

  /** A `multipart/form-data` POST: a voice cloned from the recording in `file`. */
  clone(parts: FormPart[]): Written {
    const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString("utf8");
    const file = parts.find((p) => p.name === "file" && p.filename !== undefined);
    const fields = { name: field("name"), description: field("description"), primaryLanguage: field("language") ?? "en" };
    const errors = this.textFieldErrors(fields);
    const fileError = !file
      ? "No file was submitted."
      : file.data.length === 0
        ? "The submitted file is empty."
        : !/^audio\//.test(file.contentType ?? "")
          ? "Upload a valid audio recording."
          : undefined;
    if (fileError) errors.file = [fileError];
    if (Object.keys(errors).length > 0 || !file) return { errors };
    const date = new Date().toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
    return this.store({
      voiceId: randomUUID(),
      name: fields.name!,
      description: fields.description ?? `Voice cloned on ${date}`,
      primaryLanguage: fields.primaryLanguage,
      definition: { cartesia: { voiceId: randomUUID() } },
      clonedFrom: { filename: file.filename!, contentType: file.contentType!, bytes: file.data.length },
    });
  }

  private store(voice: StoredVoice): Written {
    this.voices.set(voice.voiceId, voice);
    return { voice: structuredClone(voice) };
  }

  /** Errors of the name (unique in the account), description and primary language. */
  private textFieldErrors(fields: VoiceChanges, self?: StoredVoice): DrfErrors {
    const errors: DrfErrors = {};
    const taken = [...this.voices.values()].some((v) => v.name === fields.name && v.voiceId !== self?.voiceId);
    const name = textErrors(fields.name, { max: LIMITS.name }) ?? (taken ? ["A voice with this name already exists."] : undefined);
    const description = textErrors(fields.description, { max: LIMITS.description, optional: true, nullable: true, blank: true });
    const language = fields.primaryLanguage;
    const primaryLanguage =
      textErrors(language, { max: LIMITS.primaryLanguage, optional: true, nullable: true }) ??
      (typeof language === "string" && !isLanguageTag(language) ? ["Not a valid BCP47 language code."] : undefined);
    for (const [key, found] of Object.entries({ name, description, primaryLanguage })) if (found) errors[key] = found;
    return errors;
  }
}

function orThrow(result: Written): StoredVoice {
  if ("errors" in result) throw new Error(`the API would refuse that voice: ${JSON.stringify(result.errors)}`);
  return result.voice;
}

/** A definition as stored. */
function stored(definition: unknown): VoiceDefinition {
  return withFloat32s(withoutProto3Defaults(withoutNulls(structuredClone(definition)))) as VoiceDefinition;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

// --- validation --------------------------------------------------------------------------------

function definitionErrors(definition: unknown): unknown {
  if (definition === undefined) return ["This field is required."];
  if (definition === null) return ["This field may not be null."];
  if (!isObject(definition)) return ["Expected an object."];
  const errors: DrfErrors = {};
  for (const key of Object.keys(definition)) if (!(key in PROVIDERS)) errors[key] = ["Unknown field."];
  const set = Object.keys(PROVIDERS).filter((key) => definition[key] !== undefined && definition[key] !== null);
  if (set.length !== 1) errors.non_field_errors = [`Exactly one of ${Object.keys(PROVIDERS).join(", ")} must be set.`];
  for (const key of set) {
    const found = providerErrors(PROVIDERS[key], definition[key]);
    if (found) errors[key] = found;
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

function providerErrors(spec: ProviderSpec, voice: unknown): unknown {
  if (!isObject(voice)) return ["Expected an object."];
  const errors: DrfErrors = {};
  for (const key of Object.keys(voice)) if (!spec.fields.includes(key)) errors[key] = ["Unknown field."];
  const required = textErrors(voice[spec.required]);
  if (required) errors[spec.required] = required;
  const kept = withoutProto3Defaults(voice) as Record<string, unknown>;
  for (const [key, value] of Object.entries(kept)) {
    if (INTEGERS.has(key) && !Number.isInteger(value)) errors[key] = ["A valid integer is required."];
  }
  for (const [path, [min, max]] of Object.entries(spec.ranges ?? {})) {
    const [head, tail] = path.split(".");
    const holder = tail ? kept[head] : kept;
    const value = isObject(holder) ? holder[tail ?? head] : undefined;
    if (value === undefined) continue;
    const problem =
      typeof value !== "number"
        ? "A valid number is required."
        : // Compared as the float32s the server keeps: 1.2 is stored as 1.2000000476837158.
          Math.fround(value) < Math.fround(min) || Math.fround(value) > Math.fround(max)
          ? `Must be between ${min} and ${max}.`
          : undefined;
    if (problem) errors[head] = tail ? { ...(errors[head] as object), [tail]: [problem] } : [problem];
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

// --- the route ---------------------------------------------------------------------------------

export const voicesRoute: ObjectRoute<VoiceStore> = {
  name: "voices",
  pattern: /^\/api\/voices(?:\/([^/]+))?\/?$/,
  store: () => new VoiceStore(),
  handle(store, request) {
    const [voiceId] = request.params;
    const { method, baseUrl } = request;
    const present = (voice: StoredVoice) => presentVoice(voice, baseUrl);
    if (voiceId === undefined) {
      return byMethod(method, {
        GET: () => listVoices(store, request.query, present),
        POST: () => {
          if (!isMultipart(request)) return writing(objectBody(request), (body) => store.write(body), 201, present);
          const parts = formParts(request);
          if (!parts) return { status: 400, body: { detail: "Multipart form parse error - Invalid boundary in multipart." } };
          return answer(store.clone(parts), 201, present);
        },
      });
    }
    const own = store.get(voiceId);
    const voice = own ?? PUBLIC_VOICES.find((v) => v.voiceId === voiceId);
    const write = (partial: boolean) => () => {
      if (!own) return voice ? FORBIDDEN : NOT_FOUND;
      return writing(objectBody(request), (body) => store.write(body, own, partial), 200, present);
    };
    return byMethod(method, {
      GET: () => (voice ? { status: 200, body: present(voice) } : NOT_FOUND),
      PUT: write(false),
      PATCH: write(true),
      DELETE: () => {
        if (!own) return voice ? FORBIDDEN : NOT_FOUND;
        store.delete(voiceId);
        return { status: 204 };
      },
    });
  },
};

function writing(
  body: VoiceChanges | undefined,
  write: (body: VoiceChanges) => Written,
  status: number,
  present: (v: StoredVoice) => unknown,
) {
  return body ? answer(write(body), status, present) : NOT_AN_OBJECT;
}

function answer(result: Written, status: number, present: (v: StoredVoice) => unknown): Answer {
  return "errors" in result ? { status: 400, body: result.errors } : { status, body: present(result.voice) };
}

/**
 * `GET /api/voices`: the account's voices, then the public ones, filtered by `ownership`, `search`
 * (the name or description contains it), `provider` (any of them), `billingStyle` and
 * `primaryLanguage` (the same language first, then other regions of it).
 */
function listVoices(store: VoiceStore, query: URLSearchParams, present: (voice: StoredVoice) => VoiceAnswer): Answer {
  for (const [param, allowed] of Object.entries(CHOICES)) {
    const bad = query.getAll(param).find((value) => !allowed.includes(value));
    if (bad !== undefined)
      return { status: 400, body: { [param]: [`Select a valid choice. ${bad} is not one of the available choices.`] } };
  }
  const ownership = query.get("ownership");
  const search = (query.get("search") ?? "").toLowerCase();
  const providers = query.getAll("provider");
  const billingStyle = query.get("billingStyle");
  const language = query.get("primaryLanguage");
  const base = (tag: string | null | undefined) => tag?.split("-")[0].toLowerCase();
  const shown = [...(ownership === "public" ? [] : store.all()), ...(ownership === "private" ? [] : PUBLIC_VOICES)]
    .map(present)
    .filter(
      (v) =>
        `${v.name}\n${v.description ?? ""}`.toLowerCase().includes(search) &&
        (providers.length === 0 || providers.includes(v.provider ?? "")) &&
        (!billingStyle || v.billingStyle === billingStyle) &&
        (!language || base(v.primaryLanguage) === base(language)),
    );
  if (language) shown.sort((a, b) => Number(b.primaryLanguage === language) - Number(a.primaryLanguage === language));
  return page(shown, query, "/api/voices");
}

// --- answers -----------------------------------------------------------------------------------

/** A voice as the API answers with it. */
interface VoiceAnswer {
  voiceId: string;
  name: string;
  description: string | null;
  primaryLanguage: string | null;
  languageLabel: string | null;
  previewUrl: string;
  ownership: "private" | "public";
  billingStyle: "VOICE_BILLING_STYLE_EXTERNAL" | "VOICE_BILLING_STYLE_INCLUDED";
  provider: string | null;
  definition: VoiceDefinition;
}

function presentVoice(voice: StoredVoice, baseUrl: string): VoiceAnswer {
  const own = !PUBLIC_VOICES.some((v) => v.voiceId === voice.voiceId);
  const [kind] = Object.keys(voice.definition);
  return {
    voiceId: voice.voiceId,
    name: voice.name,
    description: voice.description,
    primaryLanguage: voice.primaryLanguage,
    languageLabel: languageLabel(voice.primaryLanguage),
    previewUrl: `${baseUrl}/api/voices/${voice.voiceId}/preview`,
    ownership: own ? "private" : "public",
    billingStyle: own && !voice.clonedFrom ? "VOICE_BILLING_STYLE_EXTERNAL" : "VOICE_BILLING_STYLE_INCLUDED",
    provider: PROVIDERS[kind]?.provider ?? null,
    definition: structuredClone(voice.definition),
  };
}

/** "🇺🇸 English (United States)" for en-US: the region's flag, if it has one, and the language's English name. */
function languageLabel(tag: string | null): string | null {
  if (!tag) return null;
  const name = new Intl.DisplayNames(["en"], { type: "language", languageDisplay: "standard" }).of(tag) ?? tag;
  const region = new Intl.Locale(tag).region;
  if (!region || !/^[A-Z]{2}$/.test(region)) return name;
  const flag = String.fromCodePoint(...[...region].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
  return `${flag} ${name}`;
}
