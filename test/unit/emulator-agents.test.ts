/**
 * The emulator's agents API (`/api/agents`) behaves as Ultravox's does, in the ways the provider's
 * tests rely on: DRF-shaped errors, the call template stored as Ultravox keeps it (float32
 * temperature, canonical durations, server timestamps), defaults in answers, write-only shared
 * secrets, the selectable PATCH semantics, out-of-band controls and the shared fault machinery.
 */
import { UltravoxEmulator, type AgentPatchMode, type EmulatorOptions } from "../../emulator/server";
import { ApiContract } from "../openapi";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DEFAULTS = { model: "ultravox-v0.7", joinTimeout: "30.000s", maxDuration: "3600.000s", firstSpeakerSettings: { agent: {} } };
const TIMESTAMPS = { created: expect.stringMatching(ISO), updated: expect.stringMatching(ISO) };

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: Json | undefined;
}

let emulator: UltravoxEmulator;
let key: string;
beforeAll(async () => {
  emulator = await new UltravoxEmulator().start();
  key = emulator.addAccount();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  for (const agent of emulator.agents(key)) emulator.deleteAgentOutOfBand(key, agent.agentId);
  emulator.clearFaults();
});

async function call(method: string, path: string, body?: unknown, apiKey: string | undefined = key, server = emulator): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(apiKey ? { "x-api-key": apiKey } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined };
}

/** Creates an agent through the API; its id. */
async function create(body: Json, server = emulator, apiKey = key): Promise<string> {
  const created = await call("POST", "/api/agents", body, apiKey, server);
  expect(created.status).toBe(201);
  return created.body?.agentId as string;
}

function template(answer: Answer): Json {
  return answer.body?.callTemplate as Json;
}

/** An emulator of its own with these options, stopped after `body`. */
async function withEmulator(options: EmulatorOptions, body: (server: UltravoxEmulator) => Promise<void>): Promise<void> {
  const server = await new UltravoxEmulator(options).start();
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

describe("emulator agents", () => {
  it("keeps each account's agents to itself, and answers 401 without a key or with an unknown one", async () => {
    const id = await create({ name: "mine" });
    const other = emulator.addAccount();
    expect(await call("GET", `/api/agents/${id}`, undefined, other)).toEqual({ status: 404, body: { detail: "Not found." } });
    expect((await call("PATCH", `/api/agents/${id}`, { name: "theirs" }, other)).status).toBe(404);
    expect((await call("DELETE", `/api/agents/${id}`, undefined, other)).status).toBe(404);
    expect((await call("GET", "/api/agents", undefined, other)).body).toEqual({ next: null, previous: null, results: [], total: 0 });
    expect(emulator.agents(other)).toEqual([]);
    expect(emulator.agent(other, id)).toBeUndefined();
    // The same name is free in another account.
    expect((await call("POST", "/api/agents", { name: "mine" }, other)).status).toBe(201);
    expect(emulator.agent(key, id)?.name).toBe("mine");

    expect(await call("GET", `/api/agents/${id}`, undefined, "")).toEqual({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
    expect(await call("POST", "/api/agents", { name: "x" }, "emu00000.00000000000000000000000000000000")).toEqual({
      status: 401,
      body: { detail: "Invalid API key." },
    });
  });

  it("creates with POST (201), reads with GET, deletes with DELETE (204), then answers 404", async () => {
    const created = await call("POST", "/api/agents", { name: "support" });
    expect(created).toEqual({
      status: 201,
      body: {
        agentId: expect.stringMatching(UUID),
        publishedRevisionId: expect.stringMatching(UUID),
        name: "support",
        created: expect.stringMatching(ISO),
        callTemplate: { ...DEFAULTS, ...TIMESTAMPS },
        statistics: { calls: 0 },
      },
    });
    const id = created.body?.agentId as string;
    expect(await call("GET", `/api/agents/${id}`)).toEqual({ status: 200, body: created.body });
    expect(await call("DELETE", `/api/agents/${id}`)).toEqual({ status: 204, body: undefined });
    expect(await call("GET", `/api/agents/${id}`)).toEqual({ status: 404, body: { detail: "Not found." } });
    expect(await call("DELETE", `/api/agents/${id}`)).toEqual({ status: 404, body: { detail: "Not found." } });
    expect(await call("PATCH", `/api/agents/${id}`, { name: "x" })).toEqual({ status: 404, body: { detail: "Not found." } });
  });

  it.each([
    ["no name", {}, { name: ["This field is required."] }],
    ["a null name", { name: null }, { name: ["This field may not be null."] }],
    ["a name that is not a string", { name: 5 }, { name: ["Not a valid string."] }],
    ["a name of 65 characters", { name: "a".repeat(65) }, { name: ["Ensure this field has no more than 64 characters."] }],
    ["a call template that is not an object", { name: "a", callTemplate: [1] }, { callTemplate: ["Expected an object or null."] }],
  ])("answers a DRF-shaped 400 for a POST with %s", async (_name, body, errors) => {
    expect(await call("POST", "/api/agents", body)).toEqual({ status: 400, body: errors });
    expect(emulator.agents(key)).toEqual([]);
  });

  it.each([
    ["no body", undefined],
    ["a list", [{ name: "a" }]],
    ["a string", "just text"],
  ])("answers 400 for a POST whose body is %s, as the telephony routes do", async (_name, body) => {
    expect(await call("POST", "/api/agents", body)).toEqual({ status: 400, body: { detail: "JSON parse error - expected an object." } });
  });

  it("holds names to 64 characters and unique per account, on POST and on a renaming PATCH", async () => {
    expect((await call("POST", "/api/agents", { name: "a".repeat(64) })).status).toBe(201);
    const id = await create({ name: "first" });
    await create({ name: "second" });
    const taken = { status: 400, body: { name: ["An agent with this name already exists."] } };
    expect(await call("POST", "/api/agents", { name: "first" })).toEqual(taken);
    expect(await call("PATCH", `/api/agents/${id}`, { name: "second" })).toEqual(taken);
    expect(await call("PATCH", `/api/agents/${id}`, [1])).toEqual({
      status: 400,
      body: { detail: "JSON parse error - expected an object." },
    });
    // Its own name is not taken; a free one is simply replaced.
    expect((await call("PATCH", `/api/agents/${id}`, { name: "first" })).status).toBe(200);
    expect((await call("PATCH", `/api/agents/${id}`, { name: "third" })).body).toMatchObject({ agentId: id, name: "third" });
  });

  it("ignores unknown and read-only fields in a body", async () => {
    const sent = {
      name: "ignoring",
      agentId: "00000000-0000-4000-8000-000000000000",
      created: "2001-01-01T00:00:00Z",
      publishedRevisionId: "00000000-0000-4000-8000-000000000001",
      statistics: { calls: 7 },
      colour: "blue",
    };
    const created = await call("POST", "/api/agents", sent);
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty("colour");
    expect(created.body?.agentId).not.toBe(sent.agentId);
    expect(created.body?.publishedRevisionId).not.toBe(sent.publishedRevisionId);
    expect(created.body?.created).not.toBe(sent.created);
    expect(created.body?.statistics).toEqual({ calls: 0 });
  });

  it("stores the temperature as a float32, durations with 3 fractional digits, and sets the template's timestamps", async () => {
    const sent = {
      systemPrompt: "Be brief.",
      temperature: 0.4,
      joinTimeout: "30s",
      maxDuration: "0.5s",
      vadSettings: { turnEndpointDelay: "0.384s", minimumTurnDuration: "1s", minimumInterruptionDuration: "0.09s" },
      inactivityMessages: [
        { duration: "8s", message: "Still there?" },
        { duration: "12.5s", message: "Bye.", endBehavior: "END_BEHAVIOR_HANG_UP_SOFT" },
      ],
      firstSpeakerSettings: { user: { fallback: { delay: "5s", text: "Hello?" } } },
      created: "2001-01-01T00:00:00Z",
      updated: "2001-01-01T00:00:00Z",
    };
    const created = await call("POST", "/api/agents", { name: "canonical", callTemplate: sent });
    const expected = {
      model: "ultravox-v0.7",
      systemPrompt: "Be brief.",
      temperature: 0.4000000059604645,
      joinTimeout: "30.000s",
      maxDuration: "0.500s",
      vadSettings: { turnEndpointDelay: "0.384s", minimumTurnDuration: "1.000s", minimumInterruptionDuration: "0.090s" },
      inactivityMessages: [
        { duration: "8.000s", message: "Still there?" },
        { duration: "12.500s", message: "Bye.", endBehavior: "END_BEHAVIOR_HANG_UP_SOFT" },
      ],
      firstSpeakerSettings: { user: { fallback: { delay: "5.000s", text: "Hello?" } } },
      ...TIMESTAMPS,
    };
    expect(template(created)).toEqual(expected);
    expect(template(created).created).not.toBe(sent.created);
    const id = created.body?.agentId as string;
    expect(emulator.agent(key, id)?.callTemplate.temperature).toBe(Math.fround(0.4));

    // The agent's delay too; and each write moves `updated`, never `created`.
    const before = template(created);
    const patched = await call("PATCH", `/api/agents/${id}`, { callTemplate: { firstSpeakerSettings: { agent: { delay: "2s" } } } });
    expect(template(patched).firstSpeakerSettings).toEqual({
      user: { fallback: { delay: "5.000s", text: "Hello?" } },
      agent: { delay: "2.000s" },
    });
    expect(template(patched).created).toBe(before.created);
    expect(template(patched).updated).not.toBe(before.updated);
    expect(Date.parse(template(patched).updated as string)).toBeGreaterThan(Date.parse(before.updated as string));
    const renamed = await call("PATCH", `/api/agents/${id}`, { name: "renamed" });
    expect(template(renamed).updated).not.toBe(template(patched).updated);
  });

  it("answers with the server's defaults filled in, and never with the shared secrets it stores", async () => {
    const created = await call("POST", "/api/agents", {
      name: "secretive",
      callTemplate: { model: "fixie-ai/ultravox", sharedSecrets: ["s3cret-one"] },
    });
    expect(template(created)).toEqual({ ...DEFAULTS, model: "fixie-ai/ultravox", ...TIMESTAMPS });
    const id = created.body?.agentId as string;
    expect(emulator.agent(key, id)?.callTemplate.sharedSecrets).toEqual(["s3cret-one"]);
    await call("PATCH", `/api/agents/${id}`, { callTemplate: { sharedSecrets: ["s3cret-two"] } });
    expect(emulator.agent(key, id)?.callTemplate.sharedSecrets).toEqual(["s3cret-two"]);
    await call("GET", `/api/agents/${id}`);
    await call("GET", "/api/agents");
    // The stored template holds no defaults: only what was sent, and the timestamps.
    expect(emulator.agent(key, id)?.callTemplate).toEqual({ model: "fixie-ai/ultravox", sharedSecrets: ["s3cret-two"], ...TIMESTAMPS });
    const answers = emulator.requests({ apiKey: key }).map((r) => JSON.stringify(r.response));
    expect(answers.join("\n")).not.toContain("s3cret");
    expect(answers.join("\n")).not.toContain("sharedSecrets");
  });

  describe("PATCH of the call template", () => {
    const sent = {
      systemPrompt: "Be brief.",
      joinTimeout: "10s",
      vadSettings: { turnEndpointDelay: "0.5s", minimumTurnDuration: "1s" },
      selectedTools: [{ toolName: "hangUp" }, { toolName: "queryCorpus" }],
      sharedSecrets: ["s3cret-one"],
    };
    const patch = {
      joinTimeout: null,
      vadSettings: { minimumTurnDuration: null, minimumInterruptionDuration: "2s" },
      selectedTools: [{ toolName: "hangUp" }],
    };

    /** The stored template (timestamps aside) after creating with `sent` and patching with `body`. */
    async function after(mode: AgentPatchMode | undefined, body: Json): Promise<{ answered: Json; stored: Json | undefined }> {
      let result: { answered: Json; stored: Json | undefined } = { answered: {}, stored: undefined };
      await withEmulator(mode ? { agentPatch: mode } : {}, async (server) => {
        const apiKey = server.addAccount();
        const id = await create({ name: "patched", callTemplate: sent }, server, apiKey);
        const patched = await call("PATCH", `/api/agents/${id}`, body, apiKey, server);
        expect(patched.status).toBe(200);
        const { created: _c, updated: _u, ...answered } = template(patched);
        const { created: _c2, updated: _u2, ...stored } = server.agent(apiKey, id)?.callTemplate ?? {};
        result = { answered, stored };
      });
      return result;
    }

    it("merges by default (RFC 7386): objects recursively, a null removes the field (back to its default), lists replace", async () => {
      expect(await after(undefined, { callTemplate: patch })).toEqual({
        answered: {
          ...DEFAULTS,
          systemPrompt: "Be brief.",
          vadSettings: { turnEndpointDelay: "0.500s", minimumInterruptionDuration: "2.000s" },
          selectedTools: [{ toolName: "hangUp" }],
        },
        stored: {
          systemPrompt: "Be brief.",
          vadSettings: { turnEndpointDelay: "0.500s", minimumInterruptionDuration: "2.000s" },
          selectedTools: [{ toolName: "hangUp" }],
          sharedSecrets: ["s3cret-one"],
        },
      });
      expect((await after("merge", { callTemplate: patch })).answered.joinTimeout).toBe("30.000s");
    });

    it("ignores nulls in merge-ignoring-null mode, as a protobuf MergeFrom does", async () => {
      expect((await after("merge-ignoring-null", { callTemplate: patch })).stored).toEqual({
        systemPrompt: "Be brief.",
        joinTimeout: "10.000s",
        vadSettings: { turnEndpointDelay: "0.500s", minimumTurnDuration: "1.000s", minimumInterruptionDuration: "2.000s" },
        selectedTools: [{ toolName: "hangUp" }],
        sharedSecrets: ["s3cret-one"],
      });
    });

    it("replaces the whole template in replace mode, dropping the fields not sent and the nulls", async () => {
      expect(await after("replace", { callTemplate: patch })).toEqual({
        answered: { ...DEFAULTS, vadSettings: { minimumInterruptionDuration: "2.000s" }, selectedTools: [{ toolName: "hangUp" }] },
        stored: { vadSettings: { minimumInterruptionDuration: "2.000s" }, selectedTools: [{ toolName: "hangUp" }] },
      });
    });

    it.each(["merge", "merge-ignoring-null", "replace"] as const)(
      "in %s mode, clears the template for callTemplate: null and keeps it when callTemplate is absent",
      async (mode) => {
        expect(await after(mode, { callTemplate: null })).toEqual({ answered: DEFAULTS, stored: {} });
        expect((await after(mode, { name: "renamed" })).stored).toEqual({
          ...sent,
          joinTimeout: "10.000s",
          vadSettings: { turnEndpointDelay: "0.500s", minimumTurnDuration: "1.000s" },
        });
      },
    );
  });

  it("shows out-of-band additions, changes and deletions in its answers", async () => {
    const id = emulator.addAgentOutOfBand(key, {
      name: "console",
      callTemplate: { systemPrompt: "Hi.", joinTimeout: "5s", sharedSecrets: ["s"] },
    });
    expect(id).toMatch(UUID);
    const read = await call("GET", `/api/agents/${id}`);
    expect(read.body).toMatchObject({ agentId: id, name: "console", callTemplate: { systemPrompt: "Hi.", joinTimeout: "5.000s" } });
    expect(emulator.agents(key).map((a) => a.agentId)).toEqual([id]);

    emulator.changeAgentOutOfBand(key, id, {
      name: "edited",
      callTemplate: { systemPrompt: "Hello.", joinTimeout: null, temperature: 0.7 },
    });
    const changed = await call("GET", `/api/agents/${id}`);
    expect(changed.body?.name).toBe("edited");
    expect(template(changed)).toMatchObject({ systemPrompt: "Hello.", joinTimeout: "30.000s", temperature: Math.fround(0.7) });
    expect(template(changed).updated).not.toBe(template(read).updated);
    expect(emulator.agent(key, id)?.callTemplate.sharedSecrets).toEqual(["s"]);

    // What `agent` hands out is a copy.
    emulator.agent(key, id)!.name = "mutated";
    expect(emulator.agent(key, id)?.name).toBe("edited");
    expect(() => emulator.addAgentOutOfBand(key, { name: "edited" })).toThrow(/already exists/);
    expect(() => emulator.changeAgentOutOfBand(key, "nope", { name: "x" })).toThrow(/no agent nope/);

    emulator.deleteAgentOutOfBand(key, id);
    expect((await call("GET", `/api/agents/${id}`)).status).toBe(404);
    expect(emulator.agent(key, id)).toBeUndefined();
  });

  it("serves /api/agents and /api/agents/<id> with or without a trailing slash, 405 for other methods, 404 elsewhere", async () => {
    const created = await call("POST", "/api/agents/", { name: "slashed" });
    expect(created.status).toBe(201);
    const id = created.body?.agentId as string;
    expect((await call("GET", `/api/agents/${id}/`)).status).toBe(200);
    expect(await call("GET", "/api/agents")).toEqual({
      status: 200,
      body: { next: null, previous: null, results: [created.body], total: 1 },
    });
    expect(await call("PUT", `/api/agents/${id}`, { name: "x" })).toEqual({ status: 405, body: { detail: 'Method "PUT" not allowed.' } });
    expect(await call("DELETE", "/api/agents")).toEqual({ status: 405, body: { detail: 'Method "DELETE" not allowed.' } });
    expect((await call("GET", `/api/agents/${id}/calls/x`)).status).toBe(404);
    expect((await call("GET", "/api/agentsx")).status).toBe(404);
    expect(await call("GET", "/api/agents/00000000-0000-4000-8000-000000000000")).toEqual({ status: 404, body: { detail: "Not found." } });
  });

  it("applies injected faults to agent routes, and records every request with its answer", async () => {
    const id = await create({ name: "faulty" });
    emulator.clearLog();
    emulator.inject({ kind: "status", status: 503, retryAfter: "7" });
    const first = await fetch(`${emulator.url}/api/agents/${id}`, { headers: { "x-api-key": key } });
    expect([first.status, first.headers.get("retry-after")]).toEqual([503, "7"]);
    expect((await call("GET", `/api/agents/${id}`)).status).toBe(200);

    emulator.inject({ kind: "malformed" });
    const malformed = await fetch(`${emulator.url}/api/agents/${id}`, { headers: { "x-api-key": key } });
    expect([malformed.status, await malformed.text()]).toEqual([200, '{"authId": "MA']);

    emulator.inject({ kind: "echo-secrets" });
    const echoed = await call("PATCH", `/api/agents/${id}`, { callTemplate: { sharedSecrets: ["s3cret-a", "s3cret-b"] } });
    expect(echoed.status).toBe(400);
    expect(JSON.stringify(echoed.body)).toContain("s3cret-a:s3cret-b");
    expect(JSON.stringify(echoed.body)).toContain(key);
    expect(emulator.agent(key, id)?.callTemplate.sharedSecrets).toBeUndefined();

    expect(emulator.calls.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", `/api/agents/${id}`, 503],
      ["GET", `/api/agents/${id}`, 200],
      ["GET", `/api/agents/${id}`, 200],
      ["PATCH", `/api/agents/${id}`, 400],
    ]);
    expect(emulator.calls[0].response).toEqual({ detail: "Emulated 503." });
    expect(emulator.calls[1].response).toMatchObject({ agentId: id, name: "faulty" });
    expect(emulator.calls[3].body).toEqual({ callTemplate: { sharedSecrets: ["s3cret-a", "s3cret-b"] } });
    expect(emulator.writes({ apiKey: key }).map((r) => r.method)).toEqual(["PATCH"]);
  });

  it("answers only what the API document defines for an agent", async () => {
    const contract = new ApiContract();
    emulator.clearLog();
    const id = await create({ name: "contract", callTemplate: { systemPrompt: "Hi.", temperature: 0.2, sharedSecrets: ["s"] } });
    await call("PATCH", `/api/agents/${id}`, { callTemplate: { vadSettings: { turnEndpointDelay: "1s" }, temperature: null } });
    await call("GET", `/api/agents/${id}`);
    await call("GET", "/api/agents");
    const problems = emulator.calls.flatMap((r) => {
      const path = r.path === "/api/agents" ? r.path : "/api/agents/{agent_id}";
      return contract.checkResponse(r.method, path, r.status as number, r.response).map((p) => `${r.method} ${r.path}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});
