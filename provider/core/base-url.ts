/**
 * The rule for an Ultravox base URL, wherever it is set (the `baseUrl` input, stack config
 * `ultravox:baseUrl`, ULTRAVOX_BASE_URL), and how one is shown in a message.
 *
 * Every request carries the API key, so the URL must not let it travel in clear: https, except on
 * loopback hosts (the emulator, a local proxy). Credentials inside the URL are refused, and never
 * shown: the API key is the only credential.
 */
export const DEFAULT_BASE_URL = "https://api.ultravox.ai";

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** `http://localhost`, `http://127.0.0.0/8`, `http://[::1]`: where http is allowed. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The URL without a trailing slash, or why it cannot be used (never quoting it). */
export function checkBaseUrl(raw: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `must be an http(s) URL such as ${DEFAULT_BASE_URL}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `must be an http(s) URL such as ${DEFAULT_BASE_URL}` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: "must not hold credentials (user:password@): the Ultravox API key is the only credential" };
  }
  if (url.search || url.hash) return { ok: false, reason: "must not have a query (?...) or a fragment (#...)" };
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return {
      ok: false,
      reason: "must use https: over http the API key would travel in clear (http is allowed only for localhost, 127.0.0.0/8 and [::1])",
    };
  }
  return { ok: true, url: url.toString().replace(/\/+$/, "") };
}

/** A URL as a message may show it: any `user:password@` replaced by `***@`. */
export function maskUserinfo(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#\s]*@/i, (_match, scheme: string | undefined) => `${scheme ?? ""}***@`);
}
