/**
 * The emulator's tools API (`/api/tools`) behaves as the API document describes `Tool`: server-set
 * fields and defaults in answers, the definition kept as a protobuf message, unique names, PUT as
 * the only update, the built-in tools read-only, DRF-shaped errors, and out-of-band controls.
 */
import { UltravoxEmulator } from "../../emulator/server";
import { toolsRoute } from "../../emulator/tools";
import { client, type Json } from "../emulator-client";
import { ApiContract } from "../openapi";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HTTP = { baseUrlPattern: "https://crm.example.test/lookup", httpMethod: "POST" };
/** What an answer's definition shows that the request did not set. */
const DEFAULTS = { timeout: "10.000s", defaultReaction: "AGENT_REACTION_SPEAKS" };

let emulator: UltravoxEmulator;
let key: string;
const call = client(
  () => emulator,
  () => key,
);
const tools = () => emulator.objects(key, toolsRoute);

beforeAll(async () => {
  emulator = await new UltravoxEmulator().start();
  key = emulator.addAccount();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  for (const tool of tools().all()) tools().delete(tool.toolId);
});

async function create(name: string, definition: Json = { http: HTTP }): Promise<string> {
  const created = await call("POST", "/api/tools", { name, definition });
  expect(created.status).toBe(201);
  return created.body?.toolId as string;
}

describe("emulator tools", () => {
  it("creates with POST (201), fills in what the server sets, reads with GET, deletes with DELETE (204), then answers 404", async () => {
    const created = await call("POST", "/api/tools", { name: "lookup", definition: { description: "Looks a customer up.", http: HTTP } });
    expect(created).toEqual({
      status: 201,
      body: {
        toolId: expect.stringMatching(UUID),
        name: "lookup",
        created: expect.stringMatching(ISO),
        ownership: "private",
        definition: { modelToolName: "lookup", description: "Looks a customer up.", http: HTTP, ...DEFAULTS },
      },
    });
    const id = created.body?.toolId as string;
    expect(await call("GET", `/api/tools/${id}`)).toEqual({ status: 200, body: created.body });
    // The store holds what was sent: the defaults are the answer's.
    expect(tools().get(id)?.definition).toEqual({ description: "Looks a customer up.", http: HTTP });
    expect(await call("DELETE", `/api/tools/${id}`)).toEqual({ status: 204, body: undefined });
    expect(await call("GET", `/api/tools/${id}`)).toEqual({ status: 404, body: { detail: "Not found." } });
    expect((await call("DELETE", `/api/tools/${id}`)).status).toBe(404);
    expect((await call("PUT", `/api/tools/${id}`, { name: "lookup", definition: { http: HTTP } })).status).toBe(404);
  });

  it("keeps the definition as a protobuf message: proto3 defaults dropped, the timeout canonical", async () => {
    const definition = {
      modelToolName: "crm_lookup",
      description: "",
      precomputable: false,
      timeout: "2.5s",
      defaultReaction: "AGENT_REACTION_UNSPECIFIED",
      dynamicParameters: [{ name: "phone", location: "PARAMETER_LOCATION_BODY", schema: { type: "string", default: "" }, required: false }],
      staticParameters: [],
      http: HTTP,
    };
    const created = await call("POST", "/api/tools", { name: "canonical", definition });
    expect(created.body?.definition).toEqual({
      modelToolName: "crm_lookup",
      timeout: "2.500s",
      defaultReaction: "AGENT_REACTION_SPEAKS",
      // The JSON schema is free-form: its "" stays.
      dynamicParameters: [{ name: "phone", location: "PARAMETER_LOCATION_BODY", schema: { type: "string", default: "" } }],
      http: HTTP,
    });
  });

  it("replaces the whole tool on PUT (the definition's fields not sent are gone), and has no PATCH", async () => {
    const id = await create("replaced", { description: "First.", precomputable: true, timeout: "3s", http: HTTP });
    const replaced = await call("PUT", `/api/tools/${id}`, { name: "renamed", definition: { client: {} } });
    expect(replaced).toEqual({
      status: 200,
      body: expect.objectContaining({ toolId: id, name: "renamed", definition: { modelToolName: "renamed", client: {}, ...DEFAULTS } }),
    });
    expect(replaced.body?.created).toBe((await call("GET", `/api/tools/${id}`)).body?.created);
    expect(await call("PUT", `/api/tools/${id}`, { name: "renamed" })).toEqual({
      status: 400,
      body: { definition: ["This field is required."] },
    });
    expect(await call("PATCH", `/api/tools/${id}`, { name: "x" })).toEqual({
      status: 405,
      body: { detail: 'Method "PATCH" not allowed.' },
    });
    expect((await call("POST", `/api/tools/${id}`, { name: "x" })).status).toBe(405);
    expect((await call("DELETE", "/api/tools")).status).toBe(405);
  });

  it.each([
    ["no name", { definition: { http: HTTP } }, { name: ["This field is required."] }],
    ["a blank name", { name: "", definition: { http: HTTP } }, { name: ["This field may not be blank."] }],
    [
      "a name of 41 characters",
      { name: "a".repeat(41), definition: { http: HTTP } },
      { name: ["Ensure this field has no more than 40 characters."] },
    ],
    ["no definition", { name: "a" }, { definition: ["This field is required."] }],
    ["a definition that is a list", { name: "a", definition: [] }, { definition: ["Expected an object."] }],
    [
      "no implementation",
      { name: "a", definition: { description: "d" } },
      { definition: { non_field_errors: ["Exactly one implementation (http, client or dataConnection) must be set."] } },
    ],
    [
      "two implementations",
      { name: "a", definition: { http: HTTP, client: {} } },
      { definition: { non_field_errors: ["Exactly one implementation (http, client or dataConnection) must be set."] } },
    ],
    [
      "an http tool without its URL or method",
      { name: "a", definition: { http: { baseUrlPattern: "ftp://x.test" } } },
      { definition: { http: { baseUrlPattern: ["Enter a valid http or https URL."], httpMethod: ["This field is required."] } } },
    ],
    [
      "a model tool name the model cannot take",
      { name: "a", definition: { modelToolName: "look up", http: HTTP } },
      { definition: { modelToolName: ["Must match ^[a-zA-Z0-9_-]{1,64}$."] } },
    ],
    [
      "a name that cannot be the model tool name, and none given",
      { name: "Look up", definition: { http: HTTP } },
      { definition: { modelToolName: ["This field is required when the tool's name does not match ^[a-zA-Z0-9_-]{1,64}$."] } },
    ],
    [
      "a field the definition does not have",
      { name: "a", definition: { http: HTTP, retries: 3 } },
      { definition: { retries: ["Unknown field."] } },
    ],
    [
      "a client tool with a query parameter",
      { name: "a", definition: { client: {}, dynamicParameters: [{ name: "q", location: "PARAMETER_LOCATION_QUERY" }] } },
      { definition: { dynamicParameters: [{ location: ["Only body parameters are allowed for client and data connection tools."] }] } },
    ],
    [
      "a parameter without a name or location",
      { name: "a", definition: { http: HTTP, staticParameters: [{ name: "ok", location: "PARAMETER_LOCATION_HEADER" }, { value: 1 }] } },
      {
        definition: {
          staticParameters: [
            {},
            {
              name: ["This field is required."],
              location: ["One of PARAMETER_LOCATION_QUERY, PARAMETER_LOCATION_PATH, PARAMETER_LOCATION_HEADER, PARAMETER_LOCATION_BODY."],
            },
          ],
        },
      },
    ],
    [
      "a timeout that is not a duration",
      { name: "a", definition: { http: HTTP, timeout: "10 seconds" } },
      { definition: { timeout: ['Must be a duration in seconds, such as "10s".'] } },
    ],
  ])("answers a DRF-shaped 400 naming the field for a POST with %s", async (_name, body, errors) => {
    expect(await call("POST", "/api/tools", body)).toEqual({ status: 400, body: errors });
    expect(tools().all()).toEqual([]);
  });

  it("answers 400 for a body that is not a JSON object", async () => {
    const notAnObject = { status: 400, body: { detail: "JSON parse error - expected an object." } };
    expect(await call("POST", "/api/tools", [1])).toEqual(notAnObject);
    expect(await call("POST", "/api/tools", "name=a")).toEqual(notAnObject);
    const id = await create("a");
    expect(await call("PUT", `/api/tools/${id}`)).toEqual(notAnObject);
  });

  it("holds names unique in the account, on POST and on a renaming PUT, and free in another account", async () => {
    const first = await create("first");
    await create("second");
    const taken = { status: 400, body: { name: ["A tool with this name already exists."] } };
    expect(await call("POST", "/api/tools", { name: "first", definition: { http: HTTP } })).toEqual(taken);
    expect(await call("PUT", `/api/tools/${first}`, { name: "second", definition: { http: HTTP } })).toEqual(taken);
    expect((await call("PUT", `/api/tools/${first}`, { name: "first", definition: { client: {} } })).status).toBe(200);

    const other = emulator.addAccount();
    expect((await call("POST", "/api/tools", { name: "first", definition: { http: HTTP } }, { apiKey: other })).status).toBe(201);
    expect((await call("GET", `/api/tools/${first}`, undefined, { apiKey: other })).status).toBe(404);
    expect((await call("DELETE", `/api/tools/${first}`, undefined, { apiKey: other })).status).toBe(404);
  });

  it("lists the built-in tools for every account, read-only, and lets a private tool take a built-in's name", async () => {
    const builtIn = await call("GET", "/api/tools?ownership=public&sortOrder=alphabetic");
    expect(builtIn.body?.results).toEqual([
      expect.objectContaining({ name: "hangUp", ownership: "public" }),
      expect.objectContaining({ name: "playDtmfSounds", ownership: "public" }),
      expect.objectContaining({ name: "queryCorpus", ownership: "public" }),
    ]);
    const hangUp = (builtIn.body?.results as Json[])[0];
    expect(await call("GET", `/api/tools/${hangUp.toolId as string}`)).toEqual({ status: 200, body: hangUp });
    const forbidden = { status: 403, body: { detail: "You do not have permission to perform this action." } };
    expect(await call("PUT", `/api/tools/${hangUp.toolId as string}`, { name: "hangUp", definition: { client: {} } })).toEqual(forbidden);
    expect(await call("DELETE", `/api/tools/${hangUp.toolId as string}`)).toEqual(forbidden);
    // Ultravox's guide: a private tool of a built-in's name overrides it.
    expect((await call("POST", "/api/tools", { name: "hangUp", definition: { client: {} } })).status).toBe(201);
  });

  it("pages the list with a cursor, filters it by ownership and search, and orders it by sortOrder", async () => {
    for (const name of ["charlie", "alpha", "bravo"]) await create(name);
    const first = await call("GET", "/api/tools?ownership=private&pageSize=2");
    // Default order: private tools first, newest first.
    expect(first.body).toMatchObject({ total: 3, previous: null, next: expect.stringContaining("cursor=") });
    expect((first.body?.results as Json[]).map((t) => t.name)).toEqual(["bravo", "alpha"]);
    const next = new URL(first.body?.next as string);
    const second = await call("GET", `${next.pathname}${next.search}`);
    expect((second.body?.results as Json[]).map((t) => t.name)).toEqual(["charlie"]);
    expect(second.body).toMatchObject({ next: null, previous: expect.stringContaining("cursor="), total: 3 });

    const names = async (query: string) => ((await call("GET", `/api/tools?${query}`)).body?.results as Json[]).map((t) => t.name);
    expect(await names("ownership=private&sortOrder=alphabetic")).toEqual(["alpha", "bravo", "charlie"]);
    expect(await names("ownership=private&sortOrder=chronologic")).toEqual(["charlie", "alpha", "bravo"]);
    expect(await names("search=RAV")).toEqual(["bravo"]);
    expect(await names("")).toEqual(["bravo", "alpha", "charlie", "playDtmfSounds", "queryCorpus", "hangUp"]);
    expect(await call("GET", "/api/tools?sortOrder=newest")).toEqual({
      status: 400,
      body: { sortOrder: ["Select a valid choice. newest is not one of the available choices."] },
    });
  });

  it("shows out-of-band additions, console edits and deletions in its answers", async () => {
    const id = tools().add({ name: "console", definition: { http: HTTP, timeout: "5s" } });
    expect((await call("GET", `/api/tools/${id}`)).body?.definition).toMatchObject({ timeout: "5.000s" });

    tools().change(id, { definition: { http: { ...HTTP, httpMethod: "GET" } } });
    const changed = await call("GET", `/api/tools/${id}`);
    expect(changed.body).toMatchObject({ name: "console", definition: { http: { ...HTTP, httpMethod: "GET" }, ...DEFAULTS } });
    expect(() => tools().change(id, { definition: {} })).toThrow(/Exactly one implementation/);
    expect(() => tools().add({ name: "console", definition: { client: {} } })).toThrow(/already exists/);
    expect(() => tools().change("nope", { name: "x" })).toThrow(/no tool nope/);
    // What the store hands out is a copy.
    tools().get(id)!.name = "mutated";
    expect(tools().get(id)?.name).toBe("console");

    tools().delete(id);
    expect((await call("GET", `/api/tools/${id}`)).status).toBe(404);
  });

  it("deletes a tool an agent selects; the agent keeps the dangling reference", async () => {
    const id = await create("selected");
    const agent = await call("POST", "/api/agents", { name: "uses-it", callTemplate: { selectedTools: [{ toolId: id }] } });
    expect((await call("DELETE", `/api/tools/${id}`)).status).toBe(204);
    const read = await call("GET", `/api/agents/${agent.body?.agentId as string}`);
    expect((read.body?.callTemplate as Json).selectedTools).toEqual([{ toolId: id }]);
    await call("DELETE", `/api/agents/${agent.body?.agentId as string}`);
  });

  it("answered only what the API document defines, and took only what it defines, in every test above", () => {
    expect(new ApiContract().violations(emulator.log)).toEqual([]);
  });
});
