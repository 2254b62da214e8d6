/**
 * The emulator's corpora (`/api/corpora[/<id>]`), their sources (`…/sources[/<id>]`), each source's
 * documents (`…/sources/<id>/documents[/<id>]`, GET only) and the corpus uploads (`…/uploads`, see
 * corpus-uploads.ts), as the API document describes `ultravox.v1.Corpus`, `CorpusSource` and
 * `CorpusDocument`. Where the document is silent, this is the emulator's choice:
 *
 * - The server sets `corpusId`, `sourceId`, `created` and `stats`; a request's values for them are ignored.
 * - Loading is asynchronous, as Ultravox's is: a source that a write creates, or whose spec it
 *   changes, is `SOURCE_STATUS_INITIALIZING` (or `_UPDATING`) in that write's answer, and loaded
 *   (`_READY`, its documents counted, `lastUpdated` set) by the account's next request to these
 *   routes. A corpus's stats add up its sources' (`CORPUS_STATUS_EMPTY` without any). So `stats`
 *   change behind a client's back, as sources are added or reloaded: they are output only.
 *   Zero counts are left out, as protobuf JSON leaves out zeros.
 * - A corpus needs a `name`; a source does not (the console makes its name optional).
 * - A source has exactly one of `crawl`, `upload` or `advanced`; `loadSpec` (deprecated) stands
 *   for `crawl` when none is set, and is dropped when one is. A crawl yields one `text/html`
 *   document of 4096 bytes per start URL, up to `maxDocuments` (none if `maxDocumentBytes` is
 *   smaller). `upload.documentIds` and `advanced.documents` name documents uploaded for this corpus,
 *   whose bytes were PUT to their presigned URL (400 otherwise), each in one source at a time.
 * - PATCH replaces each top-level field it sends, and a spec replaces the other kinds (they are one
 *   oneof); PUT replaces them all. A null clears a name or description.
 * - Deleting a corpus deletes its sources. A tool or agent naming a deleted corpus keeps the
 *   dangling id, as with deleted tools and voices.
 */
import { randomUUID } from "node:crypto";
import type { DrfErrors } from "./carriers";
import { presentUpload, presign, type CorpusUpload } from "./corpus-uploads";
import { withoutNulls, withoutProto3Defaults } from "./protobuf";
import { NOT_AN_OBJECT, NOT_FOUND, byMethod, isObject, objectBody, page, textErrors, type Answer, type ObjectRoute } from "./routes";

export interface StoredCorpus {
  corpusId: string;
  name: string;
  description?: string;
  created: string;
}

export interface StoredDocument {
  documentId: string;
  created: string;
  mimeType: string;
  sizeBytes: number;
  metadata: Record<string, unknown>;
  /** What it adds to its corpus's stats. */
  chunks: number;
  vectors: number;
}

export interface StoredSource {
  sourceId: string;
  corpusId: string;
  name?: string;
  description?: string;
  created: string;
  /** Its one spec, as sent (nulls and proto3 defaults dropped): `{ crawl }`, `{ upload }`, `{ advanced }` or `{ loadSpec }`. */
  spec: Record<string, unknown>;
  /** The documents queries see: the last load's. */
  documents: StoredDocument[];
  /** When a load last finished. */
  lastUpdated?: string;
  /** The documents of a load under way: the spec's since the last write that changed it. */
  loading?: StoredDocument[];
}

/** The fields of a corpus or a source a client sets: what PATCH and PUT look at. */
export type Changes = Record<string, unknown>;
type Written<T> = { written: T } | { errors: DrfErrors };

const SPECS = ["crawl", "upload", "advanced"];
/** The fields that hold a source's spec. */
const SPEC_FIELDS = ["loadSpec", ...SPECS];
const CRAWLED_PAGE_BYTES = 4096;
const INT32_MAX = 2 ** 31 - 1;

/** One account's corpora, sources and uploads; its public methods act as someone in the console would. */
export class CorpusStore {
  private readonly corpora = new Map<string, StoredCorpus>();
  private readonly sources = new Map<string, StoredSource>();
  /** The uploads the account asked a URL for, by document id. */
  readonly uploads = new Map<string, CorpusUpload>();

  corpus(corpusId: string): StoredCorpus | undefined {
    return copy(this.corpora.get(corpusId));
  }

  allCorpora(): StoredCorpus[] {
    return [...this.corpora.values()].map((c) => structuredClone(c));
  }

  source(sourceId: string): StoredSource | undefined {
    return copy(this.sources.get(sourceId));
  }

  sourcesOf(corpusId: string): StoredSource[] {
    return [...this.sources.values()].filter((s) => s.corpusId === corpusId).map((s) => structuredClone(s));
  }

  /** An upload (with its bytes once PUT). */
  upload(documentId: string): CorpusUpload | undefined {
    const upload = this.uploads.get(documentId);
    return upload && { ...upload, bytes: upload.bytes && Buffer.from(upload.bytes) };
  }

  /** Changes a corpus as a PATCH would; throws what the API would answer with a 400. */
  changeCorpus(corpusId: string, changes: Changes): void {
    orThrow(this.writeCorpus(changes, this.existing(this.corpora, corpusId), true));
  }

  /** Changes a source as a PATCH would (a new spec is loaded on the next request); throws as `changeCorpus`. */
  changeSource(sourceId: string, changes: Changes): void {
    const source = this.existing(this.sources, sourceId);
    orThrow(this.writeSource(source.corpusId, changes, source, true));
  }

  deleteCorpus(corpusId: string): boolean {
    for (const source of this.sources.values()) if (source.corpusId === corpusId) this.sources.delete(source.sourceId);
    return this.corpora.delete(corpusId);
  }

  deleteSource(sourceId: string): boolean {
    return this.sources.delete(sourceId);
  }

  /** Lets every presigned URL of the account expire, as 5 minutes would. */
  expireUploads(): void {
    for (const upload of this.uploads.values()) upload.expiresAt = 0;
  }

  /** Finishes every load under way: each source loading is ready, with its new documents. */
  settle(): void {
    for (const source of this.sources.values()) {
      if (!source.loading) continue;
      source.documents = source.loading;
      source.loading = undefined;
      source.lastUpdated = later(source.lastUpdated);
    }
  }

  /** A POST (no `self`), PUT or PATCH (`partial`) of a corpus. */
  writeCorpus(body: Changes, self?: StoredCorpus, partial = false): Written<StoredCorpus> {
    const fields = { ...(partial ? self : {}), ...pick(body, ["name", "description"]) };
    const errors = fieldErrors({
      name: textErrors(fields.name),
      description: textErrors(fields.description, { optional: true, nullable: true, blank: true }),
    });
    if (errors) return { errors };
    const corpus = {
      corpusId: self?.corpusId ?? randomUUID(),
      created: self?.created ?? new Date().toISOString(),
      ...texts(fields),
    } as StoredCorpus;
    this.corpora.set(corpus.corpusId, corpus);
    return { written: structuredClone(corpus) };
  }

  /** A POST (no `self`), PUT or PATCH (`partial`) of a source of the corpus `corpusId`. */
  writeSource(corpusId: string, body: Changes, self?: StoredSource, partial = false): Written<StoredSource> {
    const sent = pick(body, ["name", "description", ...SPEC_FIELDS]);
    const fields: Changes = { ...(partial && self ? { name: self.name, description: self.description } : {}), ...sent };
    const newSpec = SPEC_FIELDS.some((kind) => sent[kind] !== undefined && sent[kind] !== null);
    if (partial && self && !newSpec) Object.assign(fields, self.spec);
    const spec = this.specOf(fields, corpusId, self);
    const errors = fieldErrors({
      name: textErrors(fields.name, { optional: true, nullable: true, blank: true }),
      description: textErrors(fields.description, { optional: true, nullable: true, blank: true }),
      ...("errors" in spec ? spec.errors : {}),
    });
    if (errors || "errors" in spec) return { errors: errors ?? {} };
    const { sourceId, created, documents, lastUpdated, loading } = self ?? {
      sourceId: randomUUID(),
      created: new Date().toISOString(),
      documents: [],
    };
    const source: StoredSource = { sourceId, corpusId, created, ...texts(fields), spec: spec.written, documents, lastUpdated, loading };
    if (!self || JSON.stringify(self.spec) !== JSON.stringify(spec.written)) source.loading = this.documentsOf(spec.written);
    this.sources.set(sourceId, source);
    return { written: structuredClone(source) };
  }

  /** The one spec of a source's fields, as stored, or its errors. */
  private specOf(fields: Changes, corpusId: string, self: StoredSource | undefined): Written<Record<string, unknown>> {
    const kinds = SPECS.filter((kind) => fields[kind] !== undefined && fields[kind] !== null);
    if (kinds.length > 1) return { errors: { non_field_errors: [`Only one of ${SPECS.join(", ")} may be set.`] } };
    const kind = kinds[0] ?? (fields.loadSpec !== undefined && fields.loadSpec !== null ? "loadSpec" : undefined);
    if (!kind) return { errors: { non_field_errors: [`One of ${SPECS.join(", ")} must be set.`] } };
    const value = fields[kind];
    const errors = !isObject(value)
      ? ["Expected an object."]
      : kind === "upload"
        ? fieldErrors({ documentIds: this.documentIdErrors(value.documentIds, corpusId, self) })
        : kind === "advanced"
          ? fieldErrors({ documents: this.advancedErrors(value.documents, corpusId, self) })
          : crawlErrors(value);
    return errors ? { errors: { [kind]: errors } } : { written: { [kind]: withoutProto3Defaults(withoutNulls(value)) } };
  }

  private documentIdErrors(ids: unknown, corpusId: string, self: StoredSource | undefined): string[] | undefined {
    if (!Array.isArray(ids) || ids.length === 0) return ["This list may not be empty."];
    const errors = ids.flatMap((id) => this.documentError(id, corpusId, self) ?? []);
    return errors.length > 0 ? errors : undefined;
  }

  private advancedErrors(documents: unknown, corpusId: string, self: StoredSource | undefined): unknown {
    if (!Array.isArray(documents) || documents.length === 0) return ["This list may not be empty."];
    const errors = documents.map((document: unknown) => {
      if (!isObject(document)) return { non_field_errors: ["Expected an object."] };
      const error = this.documentError(document.documentId, corpusId, self);
      return fieldErrors({ documentId: error && [error], exampleQueries: exampleQueryErrors(document.exampleQueries) }) ?? {};
    });
    return errors.some((e) => Object.keys(e).length > 0) ? errors : undefined;
  }

  /** Why a source cannot name this document, if it cannot. */
  private documentError(id: unknown, corpusId: string, self: StoredSource | undefined): string | undefined {
    const upload = typeof id === "string" ? this.uploads.get(id) : undefined;
    if (!upload || upload.corpusId !== corpusId) return `Document ${String(id)} was not uploaded for this corpus.`;
    if (!upload.bytes) return `Document ${upload.documentId} has no content: nothing was uploaded to its URL.`;
    const holder = [...this.sources.values()].find(
      (s) => s.sourceId !== self?.sourceId && namedDocuments(s.spec).includes(upload.documentId),
    );
    return holder ? `Document ${upload.documentId} already belongs to source ${holder.sourceId}.` : undefined;
  }

  /** The documents a (valid) spec yields. */
  private documentsOf(spec: Record<string, unknown>): StoredDocument[] {
    const created = new Date().toISOString();
    const crawl = (spec.crawl ?? spec.loadSpec) as { startUrls: string[]; maxDocuments?: number; maxDocumentBytes?: number } | undefined;
    if (crawl) {
      if ((crawl.maxDocumentBytes ?? INT32_MAX) < CRAWLED_PAGE_BYTES) return [];
      return crawl.startUrls.slice(0, crawl.maxDocuments).map((url) => ({
        documentId: randomUUID(),
        created,
        mimeType: "text/html",
        sizeBytes: CRAWLED_PAGE_BYTES,
        metadata: { publicUrl: url },
        chunks: chunksOf(CRAWLED_PAGE_BYTES),
        vectors: chunksOf(CRAWLED_PAGE_BYTES),
      }));
    }
    const advanced = spec.advanced as { documents: { documentId: string; exampleQueries: string[] }[] } | undefined;
    const queries = new Map((advanced?.documents ?? []).map((d) => [d.documentId, d.exampleQueries]));
    return namedDocuments(spec).map((id) => {
      const upload = this.uploads.get(id)!;
      const sizeBytes = upload.bytes!.length;
      const exampleQueries = queries.get(id);
      return {
        documentId: id,
        created: upload.created,
        mimeType: upload.mimeType,
        sizeBytes,
        metadata: { ...(upload.fileName && { title: upload.fileName }), ...(exampleQueries && { exampleQueries }) },
        chunks: exampleQueries ? 1 : chunksOf(sizeBytes),
        vectors: exampleQueries ? exampleQueries.length : chunksOf(sizeBytes),
      };
    });
  }

  private existing<T>(map: Map<string, T>, id: string): T {
    const found = map.get(id);
    if (found === undefined) throw new Error(`the emulator has no corpus or source ${id} in that account`);
    return found;
  }
}

function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}

function orThrow<T>(result: Written<T>): T {
  if ("errors" in result) throw new Error(`the API would refuse that change: ${JSON.stringify(result.errors)}`);
  return result.written;
}

/** The known fields a body sends. */
function pick(body: Changes, fields: string[]): Changes {
  return Object.fromEntries(fields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
}

/** The name and description a write leaves: a null or "" clears one (proto3 keeps no empty string). */
function texts(fields: Changes): { name?: string; description?: string } {
  return Object.fromEntries(
    ["name", "description"].flatMap((field) => (typeof fields[field] === "string" && fields[field] !== "" ? [[field, fields[field]]] : [])),
  );
}

/** The errors by field that there are, or undefined. */
function fieldErrors(errors: Record<string, unknown>): DrfErrors | undefined {
  const found = Object.entries(errors).filter(([, e]) => e !== undefined);
  return found.length > 0 ? Object.fromEntries(found) : undefined;
}

/** The uploaded documents a spec names. */
function namedDocuments(spec: Record<string, unknown>): string[] {
  const upload = spec.upload as { documentIds?: string[] } | undefined;
  const advanced = spec.advanced as { documents?: { documentId: string }[] } | undefined;
  return [...(upload?.documentIds ?? []), ...(advanced?.documents ?? []).map((d) => d.documentId)];
}

function chunksOf(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1000));
}

/** Now, as ISO 8601, and always later than `after`. */
function later(after: string | undefined): string {
  return new Date(Math.max(Date.now(), after ? Date.parse(after) + 1 : 0)).toISOString();
}

function crawlErrors(crawl: Record<string, unknown>): DrfErrors | undefined {
  const urls = crawl.startUrls;
  const badUrls = Array.isArray(urls) ? urls.flatMap((url, i) => (isHttpUrl(url) ? [] : [[String(i), ["Enter a valid URL."]]])) : [];
  const counts = Object.fromEntries(
    ["maxDocuments", "maxDocumentBytes", "maxDepth"].map((field) => {
      const n = crawl[field];
      const valid = n === undefined || (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= INT32_MAX);
      return [field, valid ? undefined : [`Ensure this value is a whole number from 1 to ${INT32_MAX}.`]];
    }),
  );
  return fieldErrors({
    startUrls:
      !Array.isArray(urls) || urls.length === 0
        ? ["This list may not be empty."]
        : badUrls.length > 0
          ? Object.fromEntries(badUrls)
          : undefined,
    relevantDocumentTypes:
      crawl.relevantDocumentTypes === undefined || isObject(crawl.relevantDocumentTypes) ? undefined : ["Expected an object."],
    ...counts,
  });
}

/** The document's limits: up to 10 queries, each non-empty after stripping whitespace and at most 400 characters. */
function exampleQueryErrors(queries: unknown): string[] | undefined {
  if (!Array.isArray(queries) || queries.length === 0) return ["This list may not be empty."];
  if (queries.length > 10) return ["Ensure this list has no more than 10 elements."];
  const bad = queries.some((q) => typeof q !== "string" || q.trim() === "" || [...q].length > 400);
  return bad ? ["Each query must be non-empty after stripping whitespace, and at most 400 characters."] : undefined;
}

function isHttpUrl(text: unknown): boolean {
  try {
    return typeof text === "string" && ["http:", "https:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

// --- the route ---------------------------------------------------------------------------------

export const corporaRoute: ObjectRoute<CorpusStore> = {
  name: "corpora",
  // The ids of the corpus, the source and the document, and which collection under the corpus.
  pattern: /^\/api\/corpora(?:\/([^/]+)(?:\/(sources|uploads)(?:\/([^/]+)(?:\/(documents)(?:\/([^/]+))?)?)?)?)?\/?$/,
  store: () => new CorpusStore(),
  handle(store, request, _account, shared) {
    store.settle();
    const [corpusId, under, sourceId, documents, documentId] = request.params;
    const { method, query } = request;
    const sent = (): Changes | undefined => objectBody(request);
    if (corpusId === undefined) {
      return byMethod(method, {
        GET: () =>
          page(
            store.allCorpora().map((c) => presentCorpus(store, c)),
            query,
            "/api/corpora",
          ),
        POST: () =>
          writing(
            sent(),
            (body) => store.writeCorpus(body),
            201,
            (c) => presentCorpus(store, c),
          ),
      });
    }
    const corpus = store.corpus(corpusId);
    const base = `/api/corpora/${corpusId}`;
    if (under === undefined) {
      const write = (partial: boolean) => () =>
        corpus
          ? writing(
              sent(),
              (body) => store.writeCorpus(body, corpus, partial),
              200,
              (c) => presentCorpus(store, c),
            )
          : NOT_FOUND;
      return byMethod(method, {
        GET: () => (corpus ? { status: 200, body: presentCorpus(store, corpus) } : NOT_FOUND),
        PUT: write(false),
        PATCH: write(true),
        DELETE: () => (store.deleteCorpus(corpusId) ? { status: 204 } : NOT_FOUND),
      });
    }
    if (under === "uploads") {
      if (sourceId !== undefined) return NOT_FOUND;
      return byMethod(method, {
        POST: () => {
          if (!corpus) return NOT_FOUND;
          const result = presign(store.uploads, corpusId, request, shared);
          return "upload" in result ? { status: 201, body: presentUpload(result.upload, request.baseUrl) } : result;
        },
      });
    }
    if (sourceId === undefined) {
      return byMethod(method, {
        GET: () => (corpus ? page(store.sourcesOf(corpusId).map(presentSource), query, `${base}/sources`) : NOT_FOUND),
        POST: () => (corpus ? writing(sent(), (body) => store.writeSource(corpusId, body), 201, presentSource) : NOT_FOUND),
      });
    }
    const source = corpus && store.source(sourceId);
    const found = source?.corpusId === corpusId ? source : undefined;
    if (documents === undefined) {
      const write = (partial: boolean) => () =>
        found ? writing(sent(), (body) => store.writeSource(corpusId, body, found, partial), 200, presentSource) : NOT_FOUND;
      return byMethod(method, {
        GET: () => (found ? { status: 200, body: presentSource(found) } : NOT_FOUND),
        PUT: write(false),
        PATCH: write(true),
        DELETE: () => (found && store.deleteSource(sourceId) ? { status: 204 } : NOT_FOUND),
      });
    }
    return byMethod(method, {
      GET: () => {
        if (!found) return NOT_FOUND;
        const shown = found.documents.map((d) => presentDocument(found, d));
        if (documentId === undefined) return page(shown, query, `${base}/sources/${sourceId}/documents`);
        const document = shown.find((d) => d.documentId === documentId);
        return document ? { status: 200, body: document } : NOT_FOUND;
      },
    });
  },
};

/** The answer to a write: 400 for a body that is not an object or that the write refuses. */
function writing<T>(
  body: Changes | undefined,
  write: (body: Changes) => Written<T>,
  status: number,
  present: (written: T) => unknown,
): Answer {
  if (!body) return NOT_AN_OBJECT;
  const result = write(body);
  return "errors" in result ? { status: 400, body: result.errors } : { status, body: present(result.written) };
}

// --- answers -----------------------------------------------------------------------------------

function presentCorpus(store: CorpusStore, corpus: StoredCorpus): Record<string, unknown> {
  const sources = store.sourcesOf(corpus.corpusId);
  const documents = sources.flatMap((s) => s.documents);
  const loads = sources.flatMap((s) => s.lastUpdated ?? []).sort();
  const status =
    sources.length === 0
      ? "CORPUS_STATUS_EMPTY"
      : sources.some((s) => s.loading)
        ? loads.length > 0
          ? "CORPUS_STATUS_UPDATING"
          : "CORPUS_STATUS_INITIALIZING"
        : "CORPUS_STATUS_READY";
  const stats = {
    status,
    ...(loads.length > 0 && { lastUpdated: loads.at(-1) }),
    numChunks: documents.reduce((n, d) => n + d.chunks, 0),
    numDocs: documents.length,
    numVectors: documents.reduce((n, d) => n + d.vectors, 0),
  };
  return { ...corpus, stats: withoutProto3Defaults(stats) };
}

function presentSource(source: StoredSource): Record<string, unknown> {
  const status = source.loading ? (source.lastUpdated ? "SOURCE_STATUS_UPDATING" : "SOURCE_STATUS_INITIALIZING") : "SOURCE_STATUS_READY";
  const stats = withoutProto3Defaults({
    status,
    numDocs: source.documents.length,
    ...(source.lastUpdated && { lastUpdated: source.lastUpdated }),
  });
  const { sourceId, corpusId, created, name, description, spec } = source;
  return { corpusId, sourceId, created, ...(name && { name }), ...(description && { description }), stats, ...structuredClone(spec) };
}

function presentDocument(source: StoredSource, document: StoredDocument): Record<string, unknown> {
  const { documentId, created, mimeType, metadata, sizeBytes } = document;
  // int64 is a string in protobuf JSON.
  return { corpusId: source.corpusId, sourceId: source.sourceId, documentId, created, mimeType, metadata, sizeBytes: String(sizeBytes) };
}
