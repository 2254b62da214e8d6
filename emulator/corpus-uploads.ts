/**
 * Documents uploaded for a corpus: `POST /api/corpora/<id>/uploads` hands out a document id and a
 * presigned URL, and a PUT of the bytes to that URL stores them, as Ultravox's cloud storage does:
 *
 * - The URL is the emulator's own, on a public route: it takes no API key. A client must not send
 *   one there (it would leak the key to the storage host); the request log records whether it did.
 * - The URL is tied to the MIME type asked for: a PUT with another `Content-Type` (or another
 *   method, or a signature that does not match) is refused with a 403, as a signed URL's is.
 * - It expires after 5 minutes (Ultravox's guide says so): then a 400.
 * - The storage answers JSON here (`{ code, message }`) where Google Cloud Storage answers XML.
 *
 * A source then names the document by id (`upload.documentIds`); see corpora.ts.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Answer, ObjectRoute, RouteRequest } from "./routes";
import { NOT_AN_OBJECT, NOT_FOUND, objectBody, textErrors } from "./routes";

export interface CorpusUpload {
  documentId: string;
  corpusId: string;
  mimeType: string;
  fileName: string;
  created: string;
  /** When the presigned URL stops working (ms since the epoch). */
  expiresAt: number;
  signature: string;
  /** The bytes PUT to the presigned URL, once they were. */
  bytes?: Buffer;
}

const LIFETIME_MS = 5 * 60 * 1000;
/** The `shared` key of every upload the emulator handed a URL out for, by document id (the URL carries no account). */
const PRESIGNED = "corpus-uploads";
const PATH = "/emulated-storage/corpus-uploads/";

function presigned(shared: Map<string, unknown>): Map<string, CorpusUpload> {
  if (!shared.has(PRESIGNED)) shared.set(PRESIGNED, new Map<string, CorpusUpload>());
  return shared.get(PRESIGNED) as Map<string, CorpusUpload>;
}

/**
 * `POST /api/corpora/<id>/uploads` (a `CorpusUploadsRequest`), for a corpus that exists: the
 * upload, added to the account's `uploads` and to the emulator's presigned URLs, or the 400.
 */
export function presign(
  uploads: Map<string, CorpusUpload>,
  corpusId: string,
  request: RouteRequest,
  shared: Map<string, unknown>,
): { upload: CorpusUpload } | Answer {
  const body = objectBody(request);
  if (!body) return NOT_AN_OBJECT;
  const mimeType = textErrors(body.mimeType);
  const fileName = textErrors(body.fileName, { optional: true, blank: true });
  if (mimeType || fileName) return { status: 400, body: { ...(mimeType && { mimeType }), ...(fileName && { fileName }) } };
  const upload: CorpusUpload = {
    documentId: randomUUID(),
    corpusId,
    mimeType: body.mimeType as string,
    fileName: (body.fileName as string | undefined) ?? "",
    created: new Date().toISOString(),
    expiresAt: Date.now() + LIFETIME_MS,
    signature: randomBytes(32).toString("hex"),
  };
  uploads.set(upload.documentId, upload);
  presigned(shared).set(upload.documentId, upload);
  return { upload };
}

/** The `CorpusUploadsResponse` for an upload. */
export function presentUpload(upload: CorpusUpload, baseUrl: string): Record<string, unknown> {
  const query = new URLSearchParams({
    "X-Goog-Algorithm": "GOOG4-RSA-SHA256",
    "X-Goog-Expires": "300",
    "X-Goog-Signature": upload.signature,
  });
  return { documentId: upload.documentId, presignedUrl: `${baseUrl}${PATH}${upload.documentId}?${query.toString()}` };
}

/** The presigned URLs: a PUT of a document's bytes, with no API key. */
export const corpusUploadRoute: ObjectRoute<undefined> = {
  name: "corpus-upload-urls",
  pattern: new RegExp(`^${PATH}([^/]+)$`),
  store: () => undefined,
  handle: () => NOT_FOUND,
  public(request, shared) {
    const upload = presigned(shared).get(request.params[0] ?? "");
    const refused = (reason: string): Answer => ({
      status: 403,
      body: { code: "SignatureDoesNotMatch", message: `The request signature does not match: ${reason}.` },
    });
    if (!upload || request.query.get("X-Goog-Signature") !== upload.signature) return refused("this URL was not signed");
    if (request.method !== "PUT") return refused(`it was signed for PUT, not ${request.method}`);
    const contentType = request.headers["content-type"];
    if (contentType !== upload.mimeType) return refused(`it was signed for Content-Type ${upload.mimeType}, not ${contentType ?? "none"}`);
    if (Date.now() >= upload.expiresAt) return { status: 400, body: { code: "ExpiredToken", message: "The presigned URL has expired." } };
    upload.bytes = Buffer.from(request.raw);
    return { status: 200 };
  },
};
