/**
 * The emulator's corpora API (`/api/corpora`, its sources, documents and uploads) behaves as the
 * API document describes it: server-computed stats that move as sources load, one spec per source,
 * uploads through a presigned URL that takes no API key and is tied to its MIME type, documents
 * that must have been uploaded, DRF-shaped errors, and out-of-band controls.
 */
import { corporaRoute } from "../../emulator/corpora";
import { UltravoxEmulator } from "../../emulator/server";
import { client, type Json } from "../emulator-client";
import { ApiContract } from "../openapi";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CRAWL = { startUrls: ["https://docs.example.test/a", "https://docs.example.test/b"], maxDepth: 1 };
const PRESIGNED = "/emulated-storage/corpus-uploads/";

let emulator: UltravoxEmulator;
let key: string;
const call = client(
  () => emulator,
  () => key,
);
const corpora = () => emulator.objects(key, corporaRoute);

beforeAll(async () => {
  emulator = await new UltravoxEmulator().start();
  key = emulator.addAccount();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  for (const corpus of corpora().allCorpora()) corpora().deleteCorpus(corpus.corpusId);
});

async function createCorpus(name = "docs"): Promise<string> {
  const created = await call("POST", "/api/corpora", { name });
  expect(created.status).toBe(201);
  return created.body?.corpusId as string;
}

async function createSource(corpusId: string, body: Json): Promise<string> {
  const created = await call("POST", `/api/corpora/${corpusId}/sources`, body);
  expect(created.status).toBe(201);
  return created.body?.sourceId as string;
}

/** Asks for an upload URL and PUTs `text` to it, as a client should (no API key); the document id. */
async function upload(corpusId: string, text = "Opening hours: 9 to 5.", mimeType = "text/plain"): Promise<string> {
  const asked = await call("POST", `/api/corpora/${corpusId}/uploads`, { mimeType, fileName: "hours.txt" });
  expect(asked.status).toBe(201);
  const put = await call("PUT", asked.body?.presignedUrl as string, Buffer.from(text), {
    apiKey: "",
    headers: { "content-type": mimeType },
  });
  expect(put).toEqual({ status: 200, body: undefined });
  return asked.body?.documentId as string;
}

describe("emulator corpora", () => {
  it("creates a corpus (201), reads, lists with pages, updates with PATCH (partial) and PUT (whole), deletes (204), then answers 404", async () => {
    const created = await call("POST", "/api/corpora", { name: "docs", description: "Product docs.", stats: { numDocs: 9 } });
    expect(created).toEqual({
      status: 201,
      body: {
        corpusId: expect.stringMatching(UUID),
        created: expect.stringMatching(ISO),
        name: "docs",
        description: "Product docs.",
        stats: { status: "CORPUS_STATUS_EMPTY" },
      },
    });
    const id = created.body?.corpusId as string;
    expect(await call("GET", `/api/corpora/${id}`)).toEqual({ status: 200, body: created.body });

    expect((await call("PATCH", `/api/corpora/${id}`, { name: "renamed" })).body).toMatchObject({
      name: "renamed",
      description: "Product docs.",
    });
    const put = await call("PUT", `/api/corpora/${id}`, { name: "whole" });
    expect(put.body).toEqual({ corpusId: id, created: created.body?.created, name: "whole", stats: { status: "CORPUS_STATUS_EMPTY" } });
    expect(await call("PUT", `/api/corpora/${id}`, { description: "x" })).toEqual({
      status: 400,
      body: { name: ["This field is required."] },
    });
    expect(await call("POST", "/api/corpora", { name: "" })).toEqual({ status: 400, body: { name: ["This field may not be blank."] } });

    await createCorpus("second");
    await createCorpus("third");
    const first = await call("GET", "/api/corpora?pageSize=2");
    expect(first.body).toMatchObject({ total: 3, previous: null, next: expect.stringContaining("cursor=") });
    const next = new URL(first.body?.next as string);
    expect(((await call("GET", `${next.pathname}${next.search}`)).body?.results as Json[]).map((c) => c.name)).toEqual(["third"]);

    expect(await call("DELETE", `/api/corpora/${id}`)).toEqual({ status: 204, body: undefined });
    expect(await call("GET", `/api/corpora/${id}`)).toEqual({ status: 404, body: { detail: "Not found." } });
    expect((await call("PATCH", `/api/corpora/${id}`, { name: "x" })).status).toBe(404);
    expect((await call("GET", `/api/corpora/${id}/sources`)).status).toBe(404);
    expect((await call("POST", `/api/corpora/${id}/uploads`, { mimeType: "text/plain" })).status).toBe(404);
    expect((await call("DELETE", "/api/corpora")).status).toBe(405);
    expect((await call("POST", `/api/corpora/${id}`, { name: "x" })).status).toBe(405);
  });

  it("loads a crawl source behind the client's back: initializing in the create's answer, ready with its documents on the next read", async () => {
    const corpusId = await createCorpus();
    const created = await call("POST", `/api/corpora/${corpusId}/sources`, { name: "site", crawl: CRAWL });
    expect(created).toEqual({
      status: 201,
      body: {
        corpusId,
        sourceId: expect.stringMatching(UUID),
        created: expect.stringMatching(ISO),
        name: "site",
        stats: { status: "SOURCE_STATUS_INITIALIZING" },
        crawl: CRAWL,
      },
    });
    const sourceId = created.body?.sourceId as string;
    const read = await call("GET", `/api/corpora/${corpusId}/sources/${sourceId}`);
    expect(read.body?.stats).toEqual({ status: "SOURCE_STATUS_READY", numDocs: 2, lastUpdated: expect.stringMatching(ISO) });
    const corpus = await call("GET", `/api/corpora/${corpusId}`);
    expect(corpus.body?.stats).toEqual({
      status: "CORPUS_STATUS_READY",
      lastUpdated: (read.body?.stats as Json).lastUpdated,
      numDocs: 2,
      numChunks: 10,
      numVectors: 10,
    });
    const documents = await call("GET", `/api/corpora/${corpusId}/sources/${sourceId}/documents`);
    expect(documents.body).toMatchObject({ total: 2, next: null });
    const [page] = documents.body?.results as Json[];
    expect(page).toEqual({
      corpusId,
      sourceId,
      documentId: expect.stringMatching(UUID),
      created: expect.stringMatching(ISO),
      mimeType: "text/html",
      metadata: { publicUrl: "https://docs.example.test/a" },
      sizeBytes: "4096",
    });
    expect(await call("GET", `/api/corpora/${corpusId}/sources/${sourceId}/documents/${page.documentId as string}`)).toEqual({
      status: 200,
      body: page,
    });

    // A changed spec reloads: updating (with the old counts) in the answer, then the new counts.
    const patched = await call("PATCH", `/api/corpora/${corpusId}/sources/${sourceId}`, { crawl: { ...CRAWL, maxDocuments: 1 } });
    expect(patched.body).toMatchObject({
      name: "site",
      stats: { status: "SOURCE_STATUS_UPDATING", numDocs: 2 },
      crawl: { maxDocuments: 1 },
    });
    expect((await call("GET", `/api/corpora/${corpusId}`)).body?.stats).toMatchObject({ status: "CORPUS_STATUS_READY", numDocs: 1 });
    // A change of name only does not.
    const renamed = await call("PATCH", `/api/corpora/${corpusId}/sources/${sourceId}`, { name: "renamed" });
    expect(renamed.body).toMatchObject({ name: "renamed", stats: { status: "SOURCE_STATUS_READY", numDocs: 1 } });
  });

  it("hands out a presigned URL on the emulator that takes the bytes without an API key, tied to the MIME type asked for", async () => {
    const corpusId = await createCorpus();
    const asked = await call("POST", `/api/corpora/${corpusId}/uploads`, { mimeType: "text/markdown" });
    expect(asked).toEqual({
      status: 201,
      body: { documentId: expect.stringMatching(UUID), presignedUrl: expect.stringContaining(`${emulator.url}${PRESIGNED}`) },
    });
    const url = asked.body?.presignedUrl as string;
    const documentId = asked.body?.documentId as string;
    const put = (body: Buffer, headers: Record<string, string>, apiKey = "") => call("PUT", url, body, { apiKey, headers });

    expect(await put(Buffer.from("# Hours"), { "content-type": "text/plain" })).toEqual({
      status: 403,
      body: {
        code: "SignatureDoesNotMatch",
        message: "The request signature does not match: it was signed for Content-Type text/markdown, not text/plain.",
      },
    });
    expect((await call("POST", url, Buffer.from("x"), { apiKey: "", headers: { "content-type": "text/markdown" } })).status).toBe(403);
    const wrongSignature = new URL(url);
    wrongSignature.searchParams.set("X-Goog-Signature", "00");
    expect(
      (await call("PUT", wrongSignature.href, Buffer.from("x"), { apiKey: "", headers: { "content-type": "text/markdown" } })).status,
    ).toBe(403);
    expect(corpora().upload(documentId)?.bytes).toBeUndefined();

    expect(await put(Buffer.from("# Hours\n9 to 5."), { "content-type": "text/markdown" })).toEqual({ status: 200, body: undefined });
    expect(corpora().upload(documentId)?.bytes?.toString()).toBe("# Hours\n9 to 5.");
    // The log records whether a key was sent to the storage URL: here none was; a careless client's is seen.
    const uploads = () => emulator.log.filter((r) => r.path.startsWith(PRESIGNED));
    expect(uploads().every((r) => r.apiKey === undefined)).toBe(true);
    await put(Buffer.from("# Hours"), { "content-type": "text/markdown" }, key);
    expect(uploads().at(-1)).toMatchObject({ method: "PUT", status: 200, apiKey: key });

    corpora().expireUploads();
    expect(await put(Buffer.from("late"), { "content-type": "text/markdown" })).toEqual({
      status: 400,
      body: { code: "ExpiredToken", message: "The presigned URL has expired." },
    });
    expect(await call("POST", `/api/corpora/${corpusId}/uploads`, { fileName: "a.txt" })).toEqual({
      status: 400,
      body: { mimeType: ["This field is required."] },
    });
    expect((await call("GET", `/api/corpora/${corpusId}/uploads`)).status).toBe(405);
  });

  it("makes an upload source of uploaded documents, and refuses documents not uploaded, of another corpus, or in another source", async () => {
    const corpusId = await createCorpus();
    const documentId = await upload(corpusId, "x".repeat(2500));
    const sourceId = await createSource(corpusId, { upload: { documentIds: [documentId] } });
    const documents = await call("GET", `/api/corpora/${corpusId}/sources/${sourceId}/documents`);
    expect(documents.body?.results).toEqual([
      expect.objectContaining({ documentId, mimeType: "text/plain", sizeBytes: "2500", metadata: { title: "hours.txt" } }),
    ]);
    expect((await call("GET", `/api/corpora/${corpusId}`)).body?.stats).toMatchObject({ numDocs: 1, numChunks: 3, numVectors: 3 });

    const sources = `/api/corpora/${corpusId}/sources`;
    const asked = await call("POST", `/api/corpora/${corpusId}/uploads`, { mimeType: "text/plain" });
    const notUploaded = asked.body?.documentId as string;
    expect(await call("POST", sources, { upload: { documentIds: [notUploaded] } })).toEqual({
      status: 400,
      body: { upload: { documentIds: [`Document ${notUploaded} has no content: nothing was uploaded to its URL.`] } },
    });
    expect(await call("POST", sources, { upload: { documentIds: [documentId] } })).toEqual({
      status: 400,
      body: { upload: { documentIds: [`Document ${documentId} already belongs to source ${sourceId}.`] } },
    });
    const otherCorpus = await createCorpus("other");
    expect(await call("POST", `/api/corpora/${otherCorpus}/sources`, { upload: { documentIds: [await upload(corpusId)] } })).toMatchObject({
      status: 400,
      body: { upload: { documentIds: [expect.stringMatching(/was not uploaded for this corpus/)] } },
    });
    expect(await call("POST", sources, { upload: { documentIds: [] } })).toEqual({
      status: 400,
      body: { upload: { documentIds: ["This list may not be empty."] } },
    });
    // Its own document is fine on a PUT of the same source.
    expect((await call("PUT", `${sources}/${sourceId}`, { name: "again", upload: { documentIds: [documentId] } })).status).toBe(200);
  });

  it("makes an advanced source of uploaded documents with example queries, within the document's limits", async () => {
    const corpusId = await createCorpus();
    const documentId = await upload(corpusId);
    const created = await call("POST", `/api/corpora/${corpusId}/sources`, {
      advanced: { documents: [{ documentId, exampleQueries: ["When do you open?", "Opening hours"] }] },
    });
    expect(created.status).toBe(201);
    await call("GET", `/api/corpora/${corpusId}/sources`);
    expect((await call("GET", `/api/corpora/${corpusId}`)).body?.stats).toMatchObject({ numDocs: 1, numChunks: 1, numVectors: 2 });
    expect(
      await call("POST", `/api/corpora/${corpusId}/sources`, {
        advanced: { documents: [{ documentId: await upload(corpusId), exampleQueries: Array.from({ length: 11 }, (_, i) => `q${i}`) }] },
      }),
    ).toEqual({ status: 400, body: { advanced: { documents: [{ exampleQueries: ["Ensure this list has no more than 10 elements."] }] } } });
  });

  it.each([
    ["no spec", { name: "n" }, { non_field_errors: ["One of crawl, upload, advanced must be set."] }],
    [
      "two specs",
      { crawl: CRAWL, upload: { documentIds: ["x"] } },
      { non_field_errors: ["Only one of crawl, upload, advanced may be set."] },
    ],
    ["a crawl without start URLs", { crawl: { maxDepth: 2 } }, { crawl: { startUrls: ["This list may not be empty."] } }],
    [
      "a crawl with a bad URL",
      { crawl: { startUrls: ["https://ok.test", "not a url"] } },
      { crawl: { startUrls: { 1: ["Enter a valid URL."] } } },
    ],
    [
      "a crawl of depth 0",
      { crawl: { startUrls: ["https://ok.test"], maxDepth: 0 } },
      { crawl: { maxDepth: ["Ensure this value is a whole number from 1 to 2147483647."] } },
    ],
    ["a name that is not a string", { name: 5, crawl: CRAWL }, { name: ["Not a valid string."] }],
  ])("answers a DRF-shaped 400 for a source with %s", async (_name, body, errors) => {
    const corpusId = await createCorpus();
    expect(await call("POST", `/api/corpora/${corpusId}/sources`, body)).toEqual({ status: 400, body: errors });
    expect(corpora().sourcesOf(corpusId)).toEqual([]);
  });

  it("takes the deprecated loadSpec as a crawl, and a new spec on PATCH replaces the old kind", async () => {
    const corpusId = await createCorpus();
    const sourceId = await createSource(corpusId, { loadSpec: { startUrls: ["https://old.test"] } });
    expect((await call("GET", `/api/corpora/${corpusId}/sources/${sourceId}`)).body).toMatchObject({
      loadSpec: { startUrls: ["https://old.test"] },
      stats: { numDocs: 1 },
    });
    const patched = await call("PATCH", `/api/corpora/${corpusId}/sources/${sourceId}`, { crawl: CRAWL });
    expect(patched.body).toMatchObject({ crawl: CRAWL });
    expect(patched.body).not.toHaveProperty("loadSpec");
    const put = await call("PUT", `/api/corpora/${corpusId}/sources/${sourceId}`, { crawl: CRAWL });
    expect(put.body).not.toHaveProperty("name");
    expect((await call("DELETE", `/api/corpora/${corpusId}/sources/${sourceId}/documents`)).status).toBe(405);
  });

  it("deletes a corpus with its sources; shows out-of-band changes and deletions", async () => {
    const corpusId = await createCorpus();
    const sourceId = await createSource(corpusId, { crawl: CRAWL });
    corpora().changeCorpus(corpusId, { description: "From the console." });
    corpora().changeSource(sourceId, { crawl: { startUrls: ["https://console.test"] } });
    expect((await call("GET", `/api/corpora/${corpusId}`)).body).toMatchObject({ description: "From the console.", stats: { numDocs: 1 } });
    expect(() => corpora().changeCorpus(corpusId, { name: "" })).toThrow(/may not be blank/);
    expect(() => corpora().changeSource("nope", { name: "x" })).toThrow(/no corpus or source nope/);

    corpora().deleteSource(sourceId);
    expect((await call("GET", `/api/corpora/${corpusId}/sources/${sourceId}`)).status).toBe(404);
    expect((await call("GET", `/api/corpora/${corpusId}`)).body?.stats).toEqual({ status: "CORPUS_STATUS_EMPTY" });

    const again = await createSource(corpusId, { crawl: CRAWL });
    expect((await call("DELETE", `/api/corpora/${corpusId}`)).status).toBe(204);
    expect(corpora().source(again)).toBeUndefined();
    const other = emulator.addAccount();
    const theirs = await createCorpus("theirs");
    expect((await call("GET", `/api/corpora/${theirs}`, undefined, { apiKey: other })).status).toBe(404);
  });

  it("answered only what the API document defines, and took only what it defines, in every test above", () => {
    const api = emulator.log.filter((r) => !r.path.startsWith(PRESIGNED));
    expect(new ApiContract().violations(api)).toEqual([]);
  });
});
