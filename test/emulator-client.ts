/** A bare HTTP client for the emulator's unit tests: what a request answered, nothing interpreted. */
import type { UltravoxEmulator } from "../emulator/server";

export type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  /** The JSON answered, if any. */
  body: Json | undefined;
}

export interface Call {
  (method: string, path: string, body?: unknown, options?: { apiKey?: string; headers?: Record<string, string> }): Promise<Reply>;
}

/**
 * Requests to `server` with `apiKey` (unless a request names another; "" sends none). A body that
 * is a `FormData`, `Buffer` or string is sent as it is; anything else as JSON.
 */
export function client(server: () => UltravoxEmulator, apiKey: () => string): Call {
  return async (method, path, body, options = {}) => {
    const key = options.apiKey ?? apiKey();
    const raw = body instanceof FormData || Buffer.isBuffer(body) || typeof body === "string";
    const res = await fetch(path.startsWith("http") ? path : `${server().url}${path}`, {
      method,
      headers: {
        ...(key ? { "x-api-key": key } : {}),
        ...(body !== undefined && !raw ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      body: body === undefined ? undefined : raw ? (body as RequestInit["body"]) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined };
  };
}
