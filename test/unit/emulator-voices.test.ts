/**
 * The emulator's voices API (`/api/voices`) behaves as the API document describes `Voice`: a voice
 * of a TTS provider from JSON, or a clone from an uploaded recording (multipart), server-set fields
 * (provider, billing style, preview URL, language label), the definition kept as a protobuf message
 * with its documented ranges, unique names, PATCH and PUT, public voices read-only, DRF-shaped errors.
 */
import { UltravoxEmulator } from "../../emulator/server";
import { voicesRoute } from "../../emulator/voices";
import { client, type Json } from "../emulator-client";
import { ApiContract } from "../openapi";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ELEVEN = { elevenLabs: { voiceId: "21m00Tcm4TlvDq8ikWAM", model: "eleven_turbo_v2_5" } };

let emulator: UltravoxEmulator;
let key: string;
const call = client(
  () => emulator,
  () => key,
);
const voices = () => emulator.objects(key, voicesRoute);

beforeAll(async () => {
  emulator = await new UltravoxEmulator().start();
  key = emulator.addAccount();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  for (const voice of voices().all()) voices().delete(voice.voiceId);
});

async function create(name: string, definition: Json = ELEVEN, more: Json = {}): Promise<string> {
  const created = await call("POST", "/api/voices", { name, definition, ...more });
  expect(created.status).toBe(201);
  return created.body?.voiceId as string;
}

/** A clone request: a form with a recording (a WAV header is enough here) and the given fields. */
function cloneForm(fields: Record<string, string>, file: { type: string; bytes?: number } | null = { type: "audio/wav" }): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new Blob([Buffer.alloc(file.bytes ?? 44, 1)], { type: file.type }), "sample.wav");
  return form;
}

describe("emulator voices", () => {
  it("creates a provider's voice from JSON (201), filling in what the server sets; reads, deletes (204), then answers 404", async () => {
    const created = await call("POST", "/api/voices", { name: "narrator", definition: ELEVEN });
    const id = created.body?.voiceId as string;
    expect(created).toEqual({
      status: 201,
      body: {
        voiceId: expect.stringMatching(UUID),
        name: "narrator",
        description: null,
        primaryLanguage: null,
        languageLabel: null,
        previewUrl: `${emulator.url}/api/voices/${id}/preview`,
        ownership: "private",
        billingStyle: "VOICE_BILLING_STYLE_EXTERNAL",
        provider: "eleven_labs",
        definition: ELEVEN,
      },
    });
    expect(await call("GET", `/api/voices/${id}`)).toEqual({ status: 200, body: created.body });
    expect(await call("DELETE", `/api/voices/${id}`)).toEqual({ status: 204, body: undefined });
    expect(await call("GET", `/api/voices/${id}`)).toEqual({ status: 404, body: { detail: "Not found." } });
    expect((await call("PATCH", `/api/voices/${id}`, { name: "x" })).status).toBe(404);
    expect((await call("POST", `/api/voices/${id}`, { name: "x" })).status).toBe(405);
    expect((await call("DELETE", "/api/voices")).status).toBe(405);
  });

  it("keeps the definition as a protobuf message (float32s, no proto3 defaults), labels the language, and names the provider", async () => {
    const created = await call("POST", "/api/voices", {
      name: "fast",
      primaryLanguage: "pt-BR",
      definition: { elevenLabs: { voiceId: "v", speed: 1.1, useSpeakerBoost: false, model: "" } },
    });
    expect(created.body).toMatchObject({
      languageLabel: "🇧🇷 Portuguese (Brazil)",
      definition: { elevenLabs: { voiceId: "v", speed: Math.fround(1.1) } },
    });
    expect((created.body?.definition as { elevenLabs: Json }).elevenLabs.speed).not.toBe(1.1);
    // The stored float32 of a limit stays within it on a later write.
    const edge = await create("edge", { elevenLabs: { voiceId: "v", speed: 1.2 } });
    expect((await call("PATCH", `/api/voices/${edge}`, { description: "Still in range." })).status).toBe(200);

    const generic = await call("POST", "/api/voices", {
      name: "own tts",
      definition: { generic: { url: "https://tts.example.test", body: { text: "" } } },
    });
    expect(generic.body).toMatchObject({
      provider: null,
      billingStyle: "VOICE_BILLING_STYLE_EXTERNAL",
      definition: { generic: { body: { text: "" } } },
    });
    expect(
      (await call("POST", "/api/voices", { name: "plain", primaryLanguage: "en", definition: { lmnt: { voiceId: "lily" } } })).body,
    ).toMatchObject({ provider: "lmnt", languageLabel: "English" });
  });

  it("clones a voice from a multipart form with an audio file: billed with the call, its definition the server's and fixed", async () => {
    const cloned = await call("POST", "/api/voices", cloneForm({ name: "my voice", language: "en-GB" }));
    expect(cloned).toEqual({
      status: 201,
      body: expect.objectContaining({
        name: "my voice",
        description: expect.stringMatching(/^Voice cloned on [A-Z][a-z]{2} \d{1,2}, \d{4}$/),
        primaryLanguage: "en-GB",
        languageLabel: "🇬🇧 English (United Kingdom)",
        ownership: "private",
        billingStyle: "VOICE_BILLING_STYLE_INCLUDED",
        provider: "cartesia",
        definition: { cartesia: { voiceId: expect.stringMatching(UUID) } },
      }),
    });
    const id = cloned.body?.voiceId as string;
    expect(voices().get(id)?.clonedFrom).toEqual({ filename: "sample.wav", contentType: "audio/wav", bytes: 44 });
    // The request log has no JSON body for a form.
    expect(emulator.log.at(-1)).toMatchObject({ method: "POST", path: "/api/voices", status: 201, body: undefined });

    expect((await call("PATCH", `/api/voices/${id}`, { name: "renamed" })).body).toMatchObject({
      name: "renamed",
      definition: cloned.body?.definition,
    });
    // A PUT sends the definition (the document requires it): a clone's own.
    const put = await call("PUT", `/api/voices/${id}`, { name: "whole", definition: cloned.body?.definition });
    expect(put.body).toMatchObject({ description: null, definition: cloned.body?.definition });
    expect(await call("PATCH", `/api/voices/${id}`, { definition: ELEVEN })).toEqual({
      status: 400,
      body: { definition: ["The definition of a cloned voice cannot be changed."] },
    });
    const withDescription = await call("POST", "/api/voices", cloneForm({ name: "described", description: "Recorded on Jan 1, 2024" }));
    expect(withDescription.body).toMatchObject({ description: "Recorded on Jan 1, 2024", primaryLanguage: "en" });
  });

  it.each([
    ["no file", cloneForm({ name: "n" }, null), { file: ["No file was submitted."] }],
    ["an empty file", cloneForm({ name: "n" }, { type: "audio/wav", bytes: 0 }), { file: ["The submitted file is empty."] }],
    ["a file that is not audio", cloneForm({ name: "n" }, { type: "application/pdf" }), { file: ["Upload a valid audio recording."] }],
    ["no name", cloneForm({}), { name: ["This field is required."] }],
    [
      "a language that is not BCP47",
      cloneForm({ name: "n", language: "english!" }),
      { primaryLanguage: ["Not a valid BCP47 language code."] },
    ],
  ])("answers a DRF-shaped 400 for a clone with %s", async (_name, form, errors) => {
    expect(await call("POST", "/api/voices", form)).toEqual({ status: 400, body: errors });
    expect(voices().all()).toEqual([]);
  });

  it("reads a form as any client may write one: a quoted boundary, a file whose bytes hold CRLF and dashes", async () => {
    const recording = Buffer.concat([Buffer.from("RIFF\r\n--b\r\n"), Buffer.alloc(8, 0xff)]);
    const body = Buffer.concat([
      Buffer.from('--b q\r\nContent-Disposition: form-data; name="name"\r\n\r\nquoted "form"\r\n'),
      Buffer.from('--b q\r\ncontent-disposition: form-data; filename="a \\"take\\".wav"; name=file\r\nContent-Type: audio/wav\r\n\r\n'),
      recording,
      Buffer.from("\r\n--b q--\r\n"),
    ]);
    const cloned = await call("POST", "/api/voices", body, { headers: { "content-type": 'multipart/form-data; boundary="b q"' } });
    expect(cloned.body).toMatchObject({ name: 'quoted "form"' });
    expect(voices().get(cloned.body?.voiceId as string)?.clonedFrom).toEqual({
      filename: 'a "take".wav',
      contentType: "audio/wav",
      bytes: recording.length,
    });
  });

  it("answers 400 for a multipart body it cannot read", async () => {
    const broken = await call("POST", "/api/voices", "--x\r\nno headers", {
      headers: { "content-type": "multipart/form-data; boundary=x" },
    });
    expect(broken).toEqual({ status: 400, body: { detail: "Multipart form parse error - Invalid boundary in multipart." } });
  });

  it.each([
    ["no name", { definition: ELEVEN }, { name: ["This field is required."] }],
    [
      "a name of 41 characters",
      { name: "n".repeat(41), definition: ELEVEN },
      { name: ["Ensure this field has no more than 40 characters."] },
    ],
    [
      "a description of 241 characters",
      { name: "n", description: "d".repeat(241), definition: ELEVEN },
      { description: ["Ensure this field has no more than 240 characters."] },
    ],
    ["no definition", { name: "n" }, { definition: ["This field is required."] }],
    [
      "no provider",
      { name: "n", definition: {} },
      {
        definition: { non_field_errors: ["Exactly one of elevenLabs, cartesia, lmnt, google, inworld, respeecher, generic must be set."] },
      },
    ],
    [
      "two providers",
      { name: "n", definition: { ...ELEVEN, lmnt: { voiceId: "x" } } },
      {
        definition: { non_field_errors: ["Exactly one of elevenLabs, cartesia, lmnt, google, inworld, respeecher, generic must be set."] },
      },
    ],
    [
      "a provider it does not know",
      { name: "n", definition: { polly: {} } },
      expect.objectContaining({ definition: expect.objectContaining({ polly: ["Unknown field."] }) }),
    ],
    [
      "a voice without its id",
      { name: "n", definition: { cartesia: { model: "sonic-2" } } },
      { definition: { cartesia: { voiceId: ["This field is required."] } } },
    ],
    [
      "a speed out of range",
      { name: "n", definition: { elevenLabs: { voiceId: "v", speed: 1.5 } } },
      { definition: { elevenLabs: { speed: ["Must be between 0.7 and 1.2."] } } },
    ],
    [
      "a nested value out of range",
      { name: "n", definition: { cartesia: { voiceId: "v", generationConfig: { volume: 3 } } } },
      { definition: { cartesia: { generationConfig: { volume: ["Must be between 0.5 and 2."] } } } },
    ],
    [
      "a fraction where a whole number goes",
      { name: "n", definition: { respeecher: { voiceId: "v", seed: 1.5 } } },
      { definition: { respeecher: { seed: ["A valid integer is required."] } } },
    ],
    [
      "a field the provider's voice does not have",
      { name: "n", definition: { lmnt: { voiceId: "v", pitch: 2 } } },
      { definition: { lmnt: { pitch: ["Unknown field."] } } },
    ],
  ])("answers a DRF-shaped 400 naming the field for a JSON POST with %s", async (_name, body, errors) => {
    expect(await call("POST", "/api/voices", body)).toEqual({ status: 400, body: errors });
    expect(voices().all()).toEqual([]);
  });

  it("holds names unique in the account (POST, clone, PATCH), free in another account and beside a public voice's", async () => {
    const first = await create("first");
    await create("second");
    const taken = { status: 400, body: { name: ["A voice with this name already exists."] } };
    expect(await call("POST", "/api/voices", { name: "first", definition: ELEVEN })).toEqual(taken);
    expect(await call("POST", "/api/voices", cloneForm({ name: "second" }))).toEqual(taken);
    expect(await call("PATCH", `/api/voices/${first}`, { name: "second" })).toEqual(taken);
    expect((await call("PATCH", `/api/voices/${first}`, { name: "first" })).status).toBe(200);
    expect((await call("POST", "/api/voices", { name: "Mark", definition: ELEVEN })).status).toBe(201);

    const other = emulator.addAccount();
    expect((await call("POST", "/api/voices", { name: "first", definition: ELEVEN }, { apiKey: other })).status).toBe(201);
    expect((await call("GET", `/api/voices/${first}`, undefined, { apiKey: other })).status).toBe(404);
  });

  it("updates with PATCH (the fields sent) and PUT (all of them)", async () => {
    const id = await create("editable", ELEVEN, { description: "First.", primaryLanguage: "en-US" });
    const patched = await call("PATCH", `/api/voices/${id}`, { description: "Second." });
    expect(patched.body).toMatchObject({ name: "editable", description: "Second.", primaryLanguage: "en-US", definition: ELEVEN });
    const put = await call("PUT", `/api/voices/${id}`, { name: "editable", definition: { google: { voiceId: "en-US-Chirp3-HD-Charon" } } });
    expect(put.body).toMatchObject({ description: null, primaryLanguage: null, languageLabel: null, provider: "google" });
    expect(await call("PUT", `/api/voices/${id}`, { name: "editable" })).toEqual({
      status: 400,
      body: { definition: ["This field is required."] },
    });
    expect((await call("PATCH", `/api/voices/${id}`, { description: null })).body?.description).toBeNull();
  });

  it("lists the account's voices and the public ones in pages, filtered by ownership, provider, billing style, language and search", async () => {
    await create("alpha", ELEVEN, { primaryLanguage: "en-GB" });
    await create("bravo", { cartesia: { voiceId: "c" } }, { primaryLanguage: "en" });
    await create("charlie", { lmnt: { voiceId: "l" } }, { description: "Deep and slow" });
    const names = async (query: string) => ((await call("GET", `/api/voices?${query}`)).body?.results as Json[]).map((v) => v.name);
    expect(await names("")).toEqual(["alpha", "bravo", "charlie", "Mark", "Jessica"]);
    expect(await names("ownership=public")).toEqual(["Mark", "Jessica"]);
    expect(await names("provider=cartesia&provider=lmnt")).toEqual(["bravo", "charlie"]);
    expect(await names("billingStyle=VOICE_BILLING_STYLE_INCLUDED")).toEqual(["Mark", "Jessica"]);
    expect(await names("search=deep")).toEqual(["charlie"]);
    expect(await names("primaryLanguage=en&ownership=private")).toEqual(["bravo", "alpha"]);

    const first = await call("GET", "/api/voices?pageSize=2");
    expect(first.body).toMatchObject({ total: 5, previous: null, next: expect.stringContaining("cursor=") });
    const next = new URL(first.body?.next as string);
    expect(((await call("GET", `${next.pathname}${next.search}`)).body?.results as Json[]).map((v) => v.name)).toEqual(["charlie", "Mark"]);
    expect(await call("GET", "/api/voices?provider=polly")).toEqual({
      status: 400,
      body: { provider: ["Select a valid choice. polly is not one of the available choices."] },
    });
  });

  it("serves the public voices read-only", async () => {
    const [mark] = (await call("GET", "/api/voices?ownership=public")).body?.results as Json[];
    expect(mark).toMatchObject({
      name: "Mark",
      ownership: "public",
      billingStyle: "VOICE_BILLING_STYLE_INCLUDED",
      provider: "eleven_labs",
    });
    const id = mark.voiceId as string;
    expect(await call("GET", `/api/voices/${id}`)).toEqual({ status: 200, body: mark });
    const forbidden = { status: 403, body: { detail: "You do not have permission to perform this action." } };
    expect(await call("PATCH", `/api/voices/${id}`, { name: "mine" })).toEqual(forbidden);
    expect(await call("DELETE", `/api/voices/${id}`)).toEqual(forbidden);
  });

  it("shows out-of-band additions, console edits and deletions; a voice an agent uses can be deleted, the agent keeps it", async () => {
    const id = voices().add({ name: "console", definition: ELEVEN });
    voices().change(id, { description: "Edited in the console." });
    expect((await call("GET", `/api/voices/${id}`)).body).toMatchObject({ name: "console", description: "Edited in the console." });
    expect(() => voices().change(id, { definition: {} })).toThrow(/Exactly one of/);
    expect(() => voices().add({ name: "console", definition: ELEVEN })).toThrow(/already exists/);
    expect(() => voices().change("nope", { name: "x" })).toThrow(/no voice nope/);

    const agent = await call("POST", "/api/agents", { name: "speaks", callTemplate: { voice: id } });
    voices().delete(id);
    expect((await call("GET", `/api/voices/${id}`)).status).toBe(404);
    expect((await call("GET", `/api/agents/${agent.body?.agentId as string}`)).body?.callTemplate).toMatchObject({ voice: id });
    await call("DELETE", `/api/agents/${agent.body?.agentId as string}`);
  });

  it("answered only what the API document defines, and took only what it defines, in every test above", () => {
    expect(new ApiContract().violations(emulator.log)).toEqual([]);
  });
});
