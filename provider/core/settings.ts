/**
 * Where the provider's connection settings come from, in order:
 *   the resource's input  >  stack config `ultravox:*`  >  environment  >  default.
 * And the connection inputs every resource has: `ultravoxApiKey` and `baseUrl`.
 *
 * Everything is read when a method runs, never when a module loads: a value read at load time
 * could be captured by Pulumi's serializer and written into the state in plaintext.
 */
import type { KeySource } from "./account";
import { checkBaseUrl, DEFAULT_BASE_URL, maskUserinfo } from "./base-url";
import { ConfigurationError, MissingApiKeyError } from "./errors";
import { Redactor } from "./redact";
import { baseUrl, trimmedString } from "./formats";

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 4;
const MAX_MAX_RETRIES = 10;

/** What `configure` hands us: Pulumi's dynamic-provider config object. */
export interface StackConfig {
  get(key: string): string | undefined;
}

export interface StackSettings {
  apiKey?: string;
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface ConnectionSettings {
  apiKey: string;
  /** Where the key came from: named when a key of another account is refused. */
  apiKeySource: KeySource;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Per-resource connection inputs (already validated by check). */
export interface ConnectionInputs {
  apiKey?: string;
  baseUrl?: string;
}

/** The input naming a resource's own Ultravox API key (secret), on every resource. */
export const API_KEY_INPUT = "ultravoxApiKey";
/**
 * Its name on PlivoTelephonyConfig before 0.2.0, still accepted there (deprecated). On
 * TelnyxTelephonyConfig `apiKey` is the Telnyx API key, hence the new name.
 */
export const LEGACY_API_KEY_INPUT = "apiKey";

/** The connection inputs' schemas. */
export function connectionInputs(): { [API_KEY_INPUT]: typeof trimmedString; baseUrl: typeof baseUrl } {
  return { [API_KEY_INPUT]: trimmedString, baseUrl };
}

/** The connection a resource's inputs or state name (`apiKeyInputs` in order of precedence). */
export function connectionOf(props: Record<string, unknown>, apiKeyInputs: readonly string[]): ConnectionInputs {
  const apiKey = apiKeyInputs.map((name) => props[name]).find((v): v is string => typeof v === "string" && v !== "");
  return { apiKey, baseUrl: typeof props.baseUrl === "string" ? props.baseUrl : undefined };
}

/**
 * The stack settings `configure` read, for the methods of one provider object.
 *
 * Pulumi's dynamic-provider host caches the provider before `configure` settles and may run
 * methods concurrently; when `configure` throws, only the call that triggered it fails and later
 * calls find the cached provider. So every method awaits `current()`: it waits for `configure` to
 * finish, and once `configure` has failed it throws that same error, every time. No method ever
 * runs on settings that were not read, and none falls back to the environment because a stack
 * setting was bad.
 */
export class ProviderSettings {
  private pending: Promise<StackSettings> | undefined;

  /** Reads `ultravox:*`; throws (and keeps throwing from `current`) when a value is bad. */
  configure(config: StackConfig): Promise<void> {
    // A promise either way: a bad setting becomes a rejection every method will meet.
    const pending = new Promise<StackSettings>((resolve) => resolve(readStackConfig(config)));
    this.pending = pending;
    return pending.then(() => undefined);
  }

  current(): Promise<StackSettings> {
    if (this.pending === undefined) {
      return Promise.reject(new ConfigurationError("pulumi-ultravox: Pulumi has not configured this provider yet (no Configure call)."));
    }
    return this.pending;
  }
}

/** Reads and validates `ultravox:*` stack config. A bad value names its key. */
export function readStackConfig(config: StackConfig): StackSettings {
  const settings: StackSettings = {};
  const apiKey = config.get("ultravox:apiKey");
  if (apiKey !== undefined && apiKey !== "") settings.apiKey = apiKey;
  // A key pasted into the wrong setting must not be echoed by that setting's error.
  const redactor = new Redactor([apiKey, process.env.ULTRAVOX_API_KEY]);
  const baseUrl = config.get("ultravox:baseUrl");
  if (baseUrl !== undefined && baseUrl !== "") settings.baseUrl = parseBaseUrl(baseUrl, "stack config ultravox:baseUrl", redactor);
  const timeoutMs = config.get("ultravox:timeoutMs");
  if (timeoutMs !== undefined && timeoutMs !== "") {
    settings.timeoutMs = parseInteger(timeoutMs, "ultravox:timeoutMs", 1, 10 * 60_000, redactor);
  }
  const maxRetries = config.get("ultravox:maxRetries");
  if (maxRetries !== undefined && maxRetries !== "") {
    settings.maxRetries = parseInteger(maxRetries, "ultravox:maxRetries", 0, MAX_MAX_RETRIES, redactor);
  }
  return settings;
}

/** The settings one request uses. Throws MissingApiKeyError before any network call. */
export function resolveConnection(inputs: ConnectionInputs, stack: StackSettings): ConnectionSettings {
  const env = process.env;
  const apiKey = inputs.apiKey || stack.apiKey || env.ULTRAVOX_API_KEY || undefined;
  if (!apiKey) throw new MissingApiKeyError();
  const apiKeySource: KeySource = inputs.apiKey ? "input" : stack.apiKey ? "stack" : "environment";
  const baseUrl =
    inputs.baseUrl ||
    stack.baseUrl ||
    (env.ULTRAVOX_BASE_URL
      ? parseBaseUrl(env.ULTRAVOX_BASE_URL, "environment variable ULTRAVOX_BASE_URL", new Redactor([apiKey]))
      : DEFAULT_BASE_URL);
  return {
    apiKey,
    apiKeySource,
    baseUrl,
    timeoutMs: stack.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: stack.maxRetries ?? DEFAULT_MAX_RETRIES,
  };
}

/** True when some source provides an API key (used by check to fail early, during preview). */
export function hasApiKey(inputs: ConnectionInputs, stack: StackSettings): boolean {
  return Boolean(inputs.apiKey || stack.apiKey || process.env.ULTRAVOX_API_KEY);
}

function parseBaseUrl(raw: string, where: string, redactor: Redactor): string {
  const checked = checkBaseUrl(raw);
  if (!checked.ok) throw new ConfigurationError(`${where} ${checked.reason}, got ${JSON.stringify(maskUserinfo(raw))}`, redactor);
  return checked.url;
}

function parseInteger(raw: string, key: string, min: number, max: number, redactor: Redactor): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`stack config ${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`, redactor);
  }
  return value;
}
