/**
 * Defects a new user could hit, each through Pulumi's real provider process against the emulator:
 * settings that failed to load, redirects, secrets cut or quoted back, URLs holding credentials,
 * proxies, clear-text http, pasted whitespace, and answers the API should not give.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Engine } from "../../harness/engine";
import { ForwardProxy } from "../../harness/forward-proxy";
import type { RegisteredResource } from "../../harness/program";
import { ProviderProcess } from "../../harness/provider-process";
import { MIN_RUN } from "../../provider/core/redact";
import { PLIVO } from "../carriers";
import { AGENT_A, AGENT_B } from "../values";
import { PROGRAMS, PROJECT, engineFixture, type EngineFixture } from "./fixture";

const TOKEN = PLIVO.values.authToken.first;
const ROTATED = PLIVO.values.authToken.console;
const URL_PASSWORD = "h7Qx2vLp9sKdW3";

let f: EngineFixture;
let engine: Engine;
let v1: RegisteredResource[];
let v2: RegisteredResource[];

beforeAll(async () => {
  f = await engineFixture({ stackConfig: { "ultravox:timeoutMs": "2000", "ultravox:maxRetries": "1" } });
  f.secrets["URL password"] = URL_PASSWORD;
  v1 = await f.telephony(PLIVO, { agentIds: [AGENT_A] });
  v2 = await f.telephony(PLIVO, { agentIds: [AGENT_A, AGENT_B] });
});
afterAll(() => f.stop());
beforeEach(async () => {
  f.emulator.clearFaults();
  f.emulator.deleteOutOfBand(f.apiKey);
  engine = new Engine(f.provider);
  expect((await engine.up(v1)).errors).toEqual([]);
  f.emulator.clearLog();
});
afterEach(() => expect(f.leaks(engine)).toEqual([]));

/** Every run of MIN_RUN characters of `text`: none may appear where a secret could. */
function runsOf(text: string): string[] {
  return Array.from({ length: Math.max(1, text.length - MIN_RUN + 1) }, (_, i) => text.slice(i, i + MIN_RUN));
}

/** Runs a program of PlivoTelephonyConfigs built from `cases` ({ name: args }). */
async function cases(args: Record<string, Record<string, unknown>>): Promise<RegisteredResource[]> {
  const plivo = Object.fromEntries(Object.entries(args).map(([name, a]) => [name, { args: a }]));
  const run = await f.program({ "ultravox-app:cases": JSON.stringify(plivo) }, join(PROGRAMS, "from-config.js"));
  expect(run.error).toBeUndefined();
  return run.resources;
}

/** A second provider process in the same program folder, with its own stack config and environment. */
async function withProvider<T>(
  options: { stackConfig: Record<string, string>; env?: Record<string, string | undefined> },
  use: (p: ProviderProcess) => Promise<T>,
): Promise<T> {
  const provider = await ProviderProcess.start({ cwd: f.appDir, project: PROJECT, env: options.env });
  try {
    await provider.configure(options.stackConfig);
    return await use(provider);
  } finally {
    // Everything this process printed or answered is scanned too.
    const hits = f.leaks(new Engine(provider), {}, provider);
    await provider.stop();
    expect(hits).toEqual([]);
  }
}

describe("a stack setting that cannot be read", () => {
  it("fails every later operation of the process with the same error, and sends nothing, not even to the environment's account", async () => {
    // Two resources managing the account's config (the second adopts it).
    const [a, b] = await cases({
      a: { authId: "MAFAKEAUTHID000000001", authToken: TOKEN },
      b: { authId: "MAFAKEAUTHID000000001", authToken: TOKEN },
    });
    expect((await engine.up([a])).errors).toEqual([]);
    expect((await engine.up([a, b])).errors).toEqual([]);
    const victim = f.emulator.addAccount();
    f.secrets["victim API key"] = victim;
    f.emulator.changeOutOfBand(victim, { authId: "MAVICTIM", authToken: PLIVO.values.authToken.next });
    f.emulator.clearLog();

    await withProvider(
      {
        stackConfig: { ...f.stackConfig, "ultravox:timeoutMs": "30s" },
        env: { ULTRAVOX_API_KEY: victim, ULTRAVOX_BASE_URL: f.emulator.url },
      },
      async (bad) => {
        const broken = new Engine(bad);
        for (const [urn, state] of engine.state) broken.state.set(urn, structuredClone(state));
        const setting = /stack config ultravox:timeoutMs must be a whole number from 1 to 600000, got "30s"/;

        // `pulumi destroy`: both deletes at once, as the engine sends them; then again.
        for (let attempt = 0; attempt < 2; attempt++) {
          const destroyed = await broken.destroy();
          expect(destroyed.errors).toHaveLength(2);
          for (const error of destroyed.errors) expect(error).toMatch(setting);
        }
        expect(broken.state.size).toBe(2);
        // Every other method, too.
        const [state] = broken.state.values();
        const calls: Promise<unknown>[] = [
          bad.check(state.urn, state.inputs, a.inputs),
          bad.diff(state.urn, state.id, state.outputs, state.inputs, state.inputs),
          bad.create(state.urn, state.inputs),
          bad.read(state.urn, state.id, state.outputs, state.inputs),
          bad.update(state.urn, state.id, state.outputs, state.inputs, state.inputs),
        ];
        for (const call of calls) await expect(call).rejects.toThrow(setting);
      },
    );
    expect(f.emulator.log).toEqual([]);
    expect(f.emulator.config(victim)).toMatchObject({ authId: "MAVICTIM" });
    expect(f.emulator.config(f.apiKey)).toBeDefined();
  });
});

describe("redirects", () => {
  let elsewhere: Server;
  let elsewhereHits: string[];
  let elsewhereUrl: string;
  beforeAll(async () => {
    elsewhereHits = [];
    elsewhere = createServer((req, res) => {
      elsewhereHits.push(`${req.method} ${req.url} key=${String(req.headers["x-api-key"])}`);
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/api/telephony_configs/plivo`;
  });
  afterAll(() => new Promise((resolve) => elsewhere.close(resolve)));

  it.each([301, 302, 307, 308])(
    "DELETE answered %i: destroy fails naming the redirect, keeps the resource, follows nothing",
    async (status) => {
      f.emulator.inject({ kind: "redirect", status, location: elsewhereUrl }, { method: "DELETE" });
      const result = await engine.destroy();
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(
        new RegExp(`DELETE /api/telephony_configs/plivo with ${status} [A-Za-z ]+, a redirect to ${elsewhereUrl}`),
      );
      expect(result.errors[0]).toContain(`sent only to the base URL, ${f.emulator.url}`);
      expect(result.errors[0]).toMatch(/Check the base URL/);
      expect(engine.state.size).toBe(1);
      expect(f.emulator.config(f.apiKey)).toBeDefined();
      expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual([`DELETE ${status}`]);
      expect(elsewhereHits).toEqual([]);
    },
  );

  it("GET and PATCH answered 3xx: the error says redirect, not an HTML page", async () => {
    f.emulator.inject({ kind: "redirect", status: 302, location: "https://login.proxy.example.test/?next=api" }, { method: "GET" });
    const refresh = await engine.refresh();
    expect(refresh.errors[0]).toMatch(
      /GET \/api\/telephony_configs\/plivo with 302 Found, a redirect to https:\/\/login\.proxy\.example\.test\/\?next=api/,
    );
    f.emulator.inject({ kind: "redirect", status: 307, location: "http://user:secret-in-location@elsewhere.test/" }, { method: "PATCH" });
    const up = await engine.up(v2);
    expect(up.errors[0]).toMatch(
      /PATCH \/api\/telephony_configs\/plivo with 307 Temporary Redirect, a redirect to http:\/\/\*\*\*@elsewhere\.test\//,
    );
    expect(up.errors[0]).not.toContain("secret-in-location");
    expect(elsewhereHits).toEqual([]);
  });
});

describe("redaction", () => {
  // The error quotes the API's text up to 300 characters; put each secret across that cut.
  it.each([
    // detail: `${pad}Request with key ${apiKey} failed; authToken was "${token}".`
    ["the token", 300 - (17 + 41 + 24) - 12],
    ["the API key", 300 - 17 - 20],
  ])("redacts %s before cutting the quoted text, so no part of it is shown", async (_name, pad) => {
    f.emulator.inject({ kind: "echo-secrets", pad });
    const result = await engine.up(v2);
    expect(result.errors[0]).toMatch(/400 Bad Request/);
    expect(result.errors[0]).toContain("[secret]");
    // afterEach: no run of 8 characters of either secret anywhere.
  });

  it("redacts the token and the API key quoted encoded: base64 in a Basic header, hex, upper case, HTML references", async () => {
    f.emulator.inject({ kind: "echo-encoded" });
    const [error] = (await engine.up(v2)).errors;
    expect(error).toMatch(/\(400 Bad Request\): Authorization: Basic \S*\[secret\]/);
    const user = `${PLIVO.identity.authId}:`;
    const basic = Buffer.from(`${user}${TOKEN}`).toString("base64");
    const hex = (s: string) => Buffer.from(s).toString("hex");
    const html = (s: string) => [...s].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join("");
    const forms = {
      // The characters of the header that encode the token's bytes alone, not the account id's.
      "token in the Basic header": basic.slice(Math.ceil((user.length * 8) / 6)),
      "token, hex": hex(TOKEN),
      "token, upper case": TOKEN.toUpperCase(),
      "token, HTML references": html(TOKEN),
      "API key, hex": hex(f.apiKey),
      "API key, upper case": f.apiKey.toUpperCase(),
      "API key, HTML references": html(f.apiKey),
    };
    const shown = Object.entries(forms).filter(([, form]) => runsOf(form).some((run) => error.includes(run)));
    expect(shown.map(([name]) => name)).toEqual([]);
  });

  it("redacts the secret Ultravox holds now (the previous one) when the update's error quotes it", async () => {
    const rotating = await f.telephony(PLIVO, { agentIds: [AGENT_A], secrets: "next" });
    f.emulator.inject({ kind: "echo-stored" });
    const result = await engine.up(rotating);
    expect(result.errors[0]).toMatch(/the config keeps authToken \[secret\]/);
  });
});

describe("credentials inside a base URL", () => {
  const withPassword = `https://deploy:${URL_PASSWORD}@api.example.test`;

  it("in stack config: refused with the userinfo masked, in the error and on stderr", async () => {
    await withProvider({ stackConfig: { ...f.stackConfig, "ultravox:baseUrl": withPassword } }, async (bad) => {
      const [resource] = v1;
      const error = await bad.check(resource.urn, {}, resource.inputs).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(
        /stack config ultravox:baseUrl must not hold credentials.*got "https:\/\/\*\*\*@api\.example\.test"/,
      );
    });
  });

  it("in ULTRAVOX_BASE_URL: refused with the userinfo masked", async () => {
    const stackConfig = { ...f.stackConfig };
    delete (stackConfig as Record<string, string>)["ultravox:baseUrl"];
    await withProvider({ stackConfig, env: { ULTRAVOX_BASE_URL: withPassword } }, async (bad) => {
      const result = await new Engine(bad).up(v1);
      expect(result.errors[0]).toMatch(
        /environment variable ULTRAVOX_BASE_URL must not hold credentials.*"https:\/\/\*\*\*@api\.example\.test"/,
      );
    });
  });

  it("as the baseUrl input: a check failure naming baseUrl in its reason, so Pulumi prints no value", async () => {
    const resources = await cases({ creds: { authId: "MA1", authToken: TOKEN, baseUrl: withPassword } });
    const result = await engine.preview(resources);
    expect(result.steps[0].failures).toEqual([{ property: "", reason: expect.stringMatching(/^baseUrl must not hold credentials/) }]);
    expect(f.emulator.log).toEqual([]);
  });
});

describe("http", () => {
  it("is refused for a host that is not loopback, before any request", async () => {
    const resources = await cases({ clear: { authId: "MA1", authToken: TOKEN, baseUrl: "http://api.ultravox.ai" } });
    const result = await new Engine(f.provider).up(resources);
    expect(result.steps[0].failures).toEqual([
      { property: "", reason: expect.stringMatching(/^baseUrl must use https: over http the API key would travel in clear/) },
    ]);
    expect(f.emulator.log).toEqual([]);
  });

  it("is allowed for loopback hosts", async () => {
    const port = new URL(f.emulator.url).port;
    const resources = await cases({ local: { authId: "MA1", authToken: TOKEN, baseUrl: `http://localhost:${port}` } });
    const [state] = engine.state.values();
    expect((await f.provider.check(resources[0].urn, state.inputs, resources[0].inputs)).failures).toEqual([]);
  });
});

describe("proxies", () => {
  let proxy: ForwardProxy;
  beforeAll(async () => {
    proxy = await new ForwardProxy().start();
  });
  afterAll(() => proxy.stop());
  const proxyEnv = (extra: Record<string, string | undefined> = {}) => ({
    HTTP_PROXY: proxy.url,
    HTTPS_PROXY: proxy.url,
    NO_PROXY: undefined,
    no_proxy: undefined,
    http_proxy: undefined,
    https_proxy: undefined,
    ...extra,
  });

  it("HTTP_PROXY: every request goes through the proxy", async () => {
    proxy.targets.length = 0;
    await withProvider({ stackConfig: f.stackConfig, env: proxyEnv() }, async (proxied) => {
      const proxiedEngine = new Engine(proxied);
      for (const [urn, state] of engine.state) proxiedEngine.state.set(urn, structuredClone(state));
      expect((await proxiedEngine.up(v2)).errors).toEqual([]);
      expect((await proxiedEngine.refresh()).errors).toEqual([]);
    });
    const emulatorHost = new URL(f.emulator.url).host;
    expect(proxy.targets.length).toBeGreaterThanOrEqual(1);
    expect(proxy.targets.every((t) => t.includes(emulatorHost))).toBe(true);
    expect(f.emulator.calls.map((r) => r.method)).toEqual(["PATCH", "GET"]);
  });

  it("a proxy that refuses connections: the error names the proxy, its credentials masked, not the base URL", async () => {
    const closed = await new ForwardProxy().start();
    const port = new URL(closed.url).port;
    await closed.stop();
    const refusing = `http://deploy:${URL_PASSWORD}@127.0.0.1:${port}`;
    await withProvider({ stackConfig: f.stackConfig, env: proxyEnv({ HTTP_PROXY: refusing, HTTPS_PROXY: refusing }) }, async (proxied) => {
      const proxiedEngine = new Engine(proxied);
      for (const [urn, state] of engine.state) proxiedEngine.state.set(urn, structuredClone(state));
      const [error] = (await proxiedEngine.refresh()).errors;
      expect(error).toMatch(
        new RegExp(
          `Could not connect to the proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${port} for Ultravox at ${f.emulator.url}.*connection refused`,
        ),
      );
      expect(error).toMatch(/HTTPS_PROXY.*NO_PROXY/);
      expect(error).not.toMatch(/Check the base URL/);
    });
    expect(f.emulator.log).toEqual([]);
  });

  it("NO_PROXY: hosts it lists are reached directly", async () => {
    proxy.targets.length = 0;
    await withProvider({ stackConfig: f.stackConfig, env: proxyEnv({ NO_PROXY: "127.0.0.1" }) }, async (direct) => {
      const readEngine = new Engine(direct);
      for (const [urn, state] of engine.state) readEngine.state.set(urn, structuredClone(state));
      expect((await readEngine.refresh()).errors).toEqual([]);
    });
    expect(proxy.targets).toEqual([]);
    expect(f.emulator.calls.map((r) => r.method)).toEqual(["GET"]);
  });
});

describe("input hygiene", () => {
  it("refuses a blank authId and a token with whitespace around it, never quoting the token", async () => {
    const resources = await cases({
      blank: { authId: "   ", authToken: TOKEN },
      newline: { authId: "MA1", authToken: `${TOKEN}\n` },
      spaced: { authId: " MA1", authToken: TOKEN },
    });
    const result = await engine.preview(resources);
    const failures = Object.fromEntries(result.steps.map((s) => [s.name, s.failures]));
    expect(failures.blank).toEqual([{ property: "authId", reason: "authId must not be only whitespace" }]);
    expect(failures.newline).toEqual([
      { property: "", reason: "authToken must not start or end with whitespace (a newline left by reading a file?)" },
    ]);
    expect(failures.spaced).toEqual([
      { property: "authId", reason: "authId must not start or end with whitespace (a newline left by reading a file?)" },
    ]);
    expect(f.emulator.log).toEqual([]);
  });

  it("takes null for an optional input as not set", async () => {
    f.emulator.deleteOutOfBand(f.apiKey);
    engine.state.clear();
    const resources = await cases({
      nulls: {
        authId: "MA1",
        authToken: TOKEN,
        callCreationAllowedAgentIds: null,
        callCreationAllowAllAgents: null,
        requestContextMapping: null,
        baseUrl: null,
      },
    });
    expect((await engine.up(resources)).errors).toEqual([]);
    expect(f.emulator.config(f.apiKey)).toMatchObject({
      callCreationAllowedAgentIds: [],
      callCreationAllowAllAgents: false,
      requestContextMapping: {},
    });
  });
});

describe("answers the API should not give", () => {
  it("a write answered without authTokenPrefix is accepted; refresh and destroy still work; drift is seen once a prefix is reported", async () => {
    f.emulator.inject({ kind: "omit-prefix" }, { method: "PATCH" });
    const updated = await engine.up(v2);
    expect(updated.errors).toEqual([]);
    const [state] = engine.state.values();
    expect(state.outputs).not.toHaveProperty("authTokenPrefix");
    expect(f.emulator.config(f.apiKey)?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);
    // Refresh: the prefix is reported again and becomes the baseline.
    expect((await engine.refresh()).steps[0].refreshResult).toBe("same");
    f.emulator.changeOutOfBand(f.apiKey, { authToken: ROTATED });
    expect((await engine.refresh()).steps[0].detailedDiff).toEqual([{ path: ["authToken"], kind: "update" }]);
    expect((await engine.destroy()).errors).toEqual([]);
  });

  it("an answer larger than the limit is an unexpected response, not a connection failure", async () => {
    const before = structuredClone([...engine.state.values()][0]);
    f.emulator.inject({ kind: "huge", bytes: 2 * 1024 * 1024 }, { method: "PATCH" });
    const result = await engine.up(v2);
    expect(result.errors[0]).toMatch(
      /answered PATCH \/api\/telephony_configs\/plivo with 200 and a body larger than 1048576 bytes; the change may have been applied/,
    );
    expect(result.errors[0]).not.toMatch(/Connection|connect/);
    expect([...engine.state.values()][0]).toEqual(before);
  });

  it("an error answer larger than the limit is an API error for its status: a 4xx applied nothing", async () => {
    const before = structuredClone([...engine.state.values()][0]);
    f.emulator.inject({ kind: "huge", bytes: 2 * 1024 * 1024, status: 400 }, { method: "PATCH" });
    const [error] = (await engine.up(v2)).errors;
    expect(error).toMatch(
      /Ultravox rejected PATCH \/api\/telephony_configs\/plivo \(400 Bad Request\): \(a body larger than 1048576 bytes, not shown\)/,
    );
    expect(error).not.toMatch(/may have been applied/);
    expect([...engine.state.values()][0]).toEqual(before);
  });

  it("ignoreChanges on a drifted token, after the config was deleted: says what happened and what to do", async () => {
    f.emulator.changeOutOfBand(f.apiKey, { authToken: ROTATED });
    expect((await engine.refresh()).errors).toEqual([]);
    const [state] = engine.state.values();
    // ignoreChanges: ["authToken"] hands the stored input (read's marker) back as the desired one.
    const ignoring = v2.map((r) => ({ ...r, inputs: { ...r.inputs, authToken: state.inputs.authToken } }));
    f.emulator.deleteOutOfBand(f.apiKey);
    f.emulator.clearLog();
    const result = await engine.up(ignoring);
    expect(result.errors[0]).toMatch(/The plivo config was deleted outside Pulumi, and authToken is under ignoreChanges/);
    expect(result.errors[0]).toMatch(/Remove authToken from ignoreChanges for one `pulumi up`/);
    expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 404"]);
  });
});
