/**
 * Where the API key, base URL, timeout and retries come from, and what a bad value says.
 */
import { ConfigurationError, MissingApiKeyError } from "../../provider/core/errors";
import { ProviderSettings, readStackConfig, resolveConnection } from "../../provider/core/settings";

const stack = (values: Record<string, string>) => readStackConfig({ get: (key) => values[key] });
const envKeys = ["ULTRAVOX_API_KEY", "ULTRAVOX_BASE_URL"] as const;
const saved: Record<string, string | undefined> = {};
beforeEach(() => envKeys.forEach((k) => ((saved[k] = process.env[k]), delete process.env[k])));
afterEach(() => envKeys.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]))));

describe("connection settings", () => {
  it("takes the resource's input first, then stack config, then the environment, then the default", () => {
    process.env.ULTRAVOX_API_KEY = "env-key";
    process.env.ULTRAVOX_BASE_URL = "https://env.example.test/";
    const fromStack = stack({ "ultravox:apiKey": "stack-key", "ultravox:baseUrl": "https://stack.example.test" });
    expect(resolveConnection({ apiKey: "input-key", baseUrl: "https://input.example.test" }, fromStack)).toMatchObject({
      apiKey: "input-key",
      baseUrl: "https://input.example.test",
    });
    expect(resolveConnection({}, fromStack)).toMatchObject({ apiKey: "stack-key", baseUrl: "https://stack.example.test" });
    expect(resolveConnection({}, {})).toMatchObject({ apiKey: "env-key", baseUrl: "https://env.example.test" });
    delete process.env.ULTRAVOX_BASE_URL;
    expect(resolveConnection({}, {})).toEqual({
      apiKey: "env-key",
      apiKeySource: "environment",
      baseUrl: "https://api.ultravox.ai",
      timeoutMs: 30_000,
      maxRetries: 4,
    });
  });

  it("reads the environment when a method runs, not when the module loads", () => {
    expect(() => resolveConnection({}, {})).toThrow(MissingApiKeyError);
    process.env.ULTRAVOX_API_KEY = "late-key";
    expect(resolveConnection({}, {}).apiKey).toBe("late-key");
  });

  it("names all three ways to set a missing key", () => {
    expect(() => resolveConnection({}, {})).toThrow(/`ultravoxApiKey` input.*ultravox:apiKey.*ULTRAVOX_API_KEY/);
  });

  it("never echoes the API key in a setting's error, when it was pasted into the wrong one", () => {
    const key = "emuwrong.0123456789abcdef0123456789abcdef";
    const error = (() => {
      try {
        stack({ "ultravox:apiKey": key, "ultravox:baseUrl": key });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/ultravox:baseUrl must be an http\(s\) URL/);
    expect(`${error?.message}${error?.stack}`).not.toContain(key);
  });

  it("takes ultravox:timeoutMs and ultravox:maxRetries", () => {
    expect(resolveConnection({ apiKey: "k" }, stack({ "ultravox:timeoutMs": "1500", "ultravox:maxRetries": "0" }))).toMatchObject({
      timeoutMs: 1500,
      maxRetries: 0,
    });
  });

  it("allows http only on loopback hosts, where the API key does not leave the machine", () => {
    for (const url of ["http://localhost:4010", "http://127.0.0.1:4010", "http://127.1.2.3", "http://[::1]:4010"]) {
      expect(stack({ "ultravox:baseUrl": url }).baseUrl).toBe(url);
    }
    expect(() => stack({ "ultravox:baseUrl": "http://api.ultravox.ai" })).toThrow(
      /must use https: over http the API key would travel in clear/,
    );
    expect(() => stack({ "ultravox:baseUrl": "http://10.0.0.7" })).toThrow(/must use https/);
    process.env.ULTRAVOX_BASE_URL = "http://proxy.internal.test";
    expect(() => resolveConnection({ apiKey: "k" }, {})).toThrow(/ULTRAVOX_BASE_URL must use https/);
  });

  it("masks credentials inside a base URL, wherever it was set", () => {
    const url = "https://deploy:Zq81-secretpw@api.example.test/v1";
    expect(() => stack({ "ultravox:baseUrl": url })).toThrow(
      'stack config ultravox:baseUrl must not hold credentials (user:password@): the Ultravox API key is the only credential, got "https://***@api.example.test/v1"',
    );
    process.env.ULTRAVOX_BASE_URL = url;
    expect(() => resolveConnection({ apiKey: "k" }, {})).toThrow(/got "https:\/\/\*\*\*@api\.example\.test\/v1"/);
    // Not even a URL: the userinfo is still masked.
    expect(() => stack({ "ultravox:baseUrl": "deploy:Zq81-secretpw@api.example.test" })).toThrow(/got "\*\*\*@api\.example\.test"/);
  });

  it.each([
    ["ultravox:timeoutMs", "soon", /ultravox:timeoutMs must be a whole number from 1/],
    ["ultravox:maxRetries", "-1", /ultravox:maxRetries must be a whole number from 0 to 10/],
    ["ultravox:maxRetries", "2.5", /ultravox:maxRetries/],
    ["ultravox:baseUrl", "api.ultravox.ai", /ultravox:baseUrl must be an http\(s\) URL/],
  ])("rejects a bad %s naming the key", (key, value, text) => {
    expect(() => stack({ [key]: value })).toThrow(ConfigurationError);
    expect(() => stack({ [key]: value })).toThrow(text);
  });
});

describe("configure", () => {
  it("makes every later read of the settings fail with the same error once it failed", async () => {
    const settings = new ProviderSettings();
    const failed = await settings.configure({ get: (key) => (key === "ultravox:timeoutMs" ? "30s" : undefined) }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(ConfigurationError);
    for (let i = 0; i < 3; i++) await expect(settings.current()).rejects.toBe(failed);
  });

  it("makes reads wait until it has finished", async () => {
    const settings = new ProviderSettings();
    const configured = settings.configure({ get: (key) => (key === "ultravox:maxRetries" ? "7" : undefined) });
    const read = settings.current();
    await configured;
    await expect(read).resolves.toEqual({ maxRetries: 7 });
  });

  it("refuses to run before any configure", async () => {
    await expect(new ProviderSettings().current()).rejects.toThrow(/has not configured this provider/);
  });
});
