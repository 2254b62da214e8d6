/**
 * A `multipart/form-data` body (RFC 7578) split into its parts, for the routes that take a file
 * (a voice to clone). Handlers answer synchronously, so this reads the bytes as they came; it keeps
 * to what HTTP clients send: a boundary in the content type, CRLF line ends, a
 * `Content-Disposition: form-data` header with a `name` (quoted or not) on every part.
 */
import type { RouteRequest } from "./routes";

export interface FormPart {
  name: string;
  /** Set for a file. */
  filename?: string;
  /** The part's own `Content-Type`, if it has one. */
  contentType?: string;
  data: Buffer;
}

const CRLF = Buffer.from("\r\n");

/** Whether the request says its body is a form with files. */
export function isMultipart(request: Pick<RouteRequest, "headers">): boolean {
  return /^multipart\/form-data\b/i.test(request.headers["content-type"] ?? "");
}

/** The parts of a `multipart/form-data` request, or undefined when the body is not a well-formed one. */
export function formParts(request: Pick<RouteRequest, "headers" | "raw">): FormPart[] | undefined {
  const boundary = parameter(request.headers["content-type"] ?? "", "boundary");
  if (!boundary) return undefined;
  const body = request.raw;
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.concat([CRLF, delimiter]);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at !== 0 && (at < 0 || !body.subarray(at - 2, at).equals(CRLF))) return undefined;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString("latin1") === "--") return parts;
    const lineEnd = body.indexOf(CRLF, at);
    const headerEnd = body.indexOf("\r\n\r\n", lineEnd);
    if (lineEnd < 0 || headerEnd < 0) return undefined;
    const next = body.indexOf(between, headerEnd + 4);
    if (next < 0) return undefined;
    const part = partOf(body.subarray(lineEnd + 2, headerEnd).toString("utf8"), body.subarray(headerEnd + 4, next));
    if (!part) return undefined;
    parts.push(part);
    at = next + 2;
  }
}

function partOf(headerText: string, data: Buffer): FormPart | undefined {
  const headers = new Map(
    headerText
      .split("\r\n")
      .filter((line) => line.includes(":"))
      .map((line) => [line.slice(0, line.indexOf(":")).trim().toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  const disposition = headers.get("content-disposition") ?? "";
  const name = parameter(disposition, "name");
  if (!/^form-data\b/i.test(disposition) || name === undefined) return undefined;
  return { name, filename: parameter(disposition, "filename"), contentType: headers.get("content-type"), data: Buffer.from(data) };
}

/** A header's `key=value` or `key="quoted \"value\""` parameter. */
function parameter(header: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, "i").exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
}
