/**
 * The emulator's webhooks (`/api/webhooks`) behave as the API document describes: required url
 * and events, server fields, generated secrets shown in clear, DRF-shaped 400s, cursor pages and
 * the agentId filter, PUT versus PATCH, and out-of-band controls for tests.
 */
import { markWebhook, webhooksRoute, writeWebhook } from "../../emulator/webhooks";
import { emulatorSuite } from "../emulator-suite";
import { AGENT_A, AGENT_B } from "../values";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?Z$/;
const URL_1 = "https://hooks.example.com/ultravox";
const WHSEC = "whsec-emu-0001-fake";

const suite = emulatorSuite();
const { call } = suite;

async function create(body: Record<string, unknown>): Promise<string> {
  const created = await call("POST", "/api/webhooks", body);
  expect(created.status).toBe(201);
  return created.body?.webhookId as string;
}

describe("emulator webhooks", () => {
  it("creates one with the server's fields, generates a strong secret when none is sent, and shows secrets in clear", async () => {
    const created = await call("POST", "/api/webhooks", { url: URL_1, events: ["call.ended"], status: "unhealthy", bogus: 1 });
    expect(created).toEqual({
      status: 201,
      body: {
        webhookId: expect.stringMatching(UUID),
        agentId: null,
        created: expect.stringMatching(TIME),
        url: URL_1,
        secrets: [expect.stringMatching(/^[\w-]{43}$/)],
        events: ["call.ended"],
        status: "normal",
        lastStatusChange: null,
        recentFailures: [],
      },
    });
    const id = created.body?.webhookId as string;
    expect(await call("GET", `/api/webhooks/${id}`)).toEqual({ status: 200, body: created.body });
    // Each webhook gets a secret of its own.
    const other = await call("POST", "/api/webhooks", { url: URL_1, events: [], secrets: [] });
    expect(other.body?.secrets).toEqual([expect.stringMatching(/^[\w-]{43}$/)]);
    expect(other.body?.secrets).not.toEqual(created.body?.secrets);
  });

  it("keeps the secrets and agent sent; PATCH changes only what it sends, PUT requires url and events", async () => {
    const id = await create({ url: URL_1, events: ["call.started", "call.ended"], secrets: [WHSEC], agentId: AGENT_A });
    const patched = await call("PATCH", `/api/webhooks/${id}`, { url: "https://hooks.example.com/v2" });
    expect(patched).toMatchObject({
      status: 200,
      body: { url: "https://hooks.example.com/v2", events: ["call.started", "call.ended"], secrets: [WHSEC], agentId: AGENT_A },
    });
    expect(await call("PUT", `/api/webhooks/${id}`, { url: URL_1 })).toEqual({
      status: 400,
      body: { events: ["This field is required."] },
    });
    const put = await call("PUT", `/api/webhooks/${id}`, { url: URL_1, events: ["call.billed"], agentId: null });
    expect(put.body).toMatchObject({ url: URL_1, events: ["call.billed"], agentId: null, secrets: [WHSEC] });
    // Emptying the secrets leaves one generated in their place.
    const emptied = await call("PATCH", `/api/webhooks/${id}`, { secrets: [] });
    expect(emptied.body?.secrets).toEqual([expect.not.stringMatching(WHSEC)]);
    expect(emptied.body?.created).toBe(put.body?.created);
  });

  it.each([
    ["no fields", {}, { url: ["This field is required."], events: ["This field is required."] }],
    ["a url that is not one", { url: "hooks.example.com", events: [] }, { url: ["Enter a valid URL."] }],
    [
      "a url of 201 characters",
      { url: `https://hooks.example.com/${"a".repeat(175)}`, events: [] },
      { url: ["Ensure this field has no more than 200 characters."] },
    ],
    ["a null url", { url: null, events: [] }, { url: ["This field may not be null."] }],
    [
      "an unknown event",
      { url: URL_1, events: ["call.ended", "call.exploded"] },
      { events: { "1": ['"call.exploded" is not a valid choice.'] } },
    ],
    ["events that are not a list", { url: URL_1, events: "call.ended" }, { events: ['Expected a list of items but got type "str".'] }],
    [
      "a secret of 121 characters",
      { url: URL_1, events: [], secrets: ["s", "x".repeat(121)] },
      { secrets: { "1": ["Ensure this field has no more than 120 characters."] } },
    ],
    ["an agent id that is not a UUID", { url: URL_1, events: [], agentId: "agent-1" }, { agentId: ["Must be a valid UUID."] }],
  ])("answers a DRF-shaped 400 naming the field for %s", async (_name, body, errors) => {
    expect(await call("POST", "/api/webhooks", body)).toEqual({ status: 400, body: errors });
    expect((await call("GET", "/api/webhooks")).body?.total).toBe(0);
  });

  it("refuses a body that is not a JSON object, answers 404 for another account's webhook and 405 for a method the document does not list", async () => {
    expect(await call("POST", "/api/webhooks", "[1]")).toEqual({ status: 400, body: { detail: "JSON parse error - expected an object." } });
    const id = await create({ url: URL_1, events: [] });
    const other = suite.emulator.addAccount();
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      expect(
        await call(method, `/api/webhooks/${id}`, method === "GET" || method === "DELETE" ? undefined : { url: URL_1, events: [] }, other),
      ).toEqual({
        status: 404,
        body: { detail: "Not found." },
      });
    }
    expect(await call("POST", `/api/webhooks/${id}`, {})).toEqual({ status: 405, body: { detail: 'Method "POST" not allowed.' } });
    expect((await call("DELETE", "/api/webhooks")).status).toBe(405);
    expect((await call("PUT", "/api/webhooks", {})).status).toBe(405);
    expect((await call("GET", `/api/webhooks/${id}`, undefined, "")).status).toBe(401);
  });

  it("lists in cursor pages and filters by agent", async () => {
    for (const agentId of [AGENT_A, AGENT_B, AGENT_A]) await create({ url: URL_1, events: [], agentId });
    const first = await call("GET", "/api/webhooks?pageSize=2");
    expect(first.body).toMatchObject({ previous: null, total: 3 });
    expect(first.body?.results).toHaveLength(2);
    const next = new URL(first.body?.next as string);
    const second = await call("GET", `${next.pathname}${next.search}`);
    expect(second.body).toMatchObject({ next: null, total: 3, results: [expect.objectContaining({ agentId: AGENT_A })] });
    const mine = await call("GET", `/api/webhooks?agentId=${AGENT_A}`);
    expect(mine.body).toMatchObject({ total: 2, results: [{ agentId: AGENT_A }, { agentId: AGENT_A }] });
    expect(await call("GET", "/api/webhooks?agentId=nope")).toEqual({ status: 400, body: { agentId: ["Enter a valid UUID."] } });
  });

  it("deletes one: 204, then 404", async () => {
    const id = await create({ url: URL_1, events: [] });
    expect(await call("DELETE", `/api/webhooks/${id}`)).toEqual({ status: 204, body: undefined });
    expect((await call("GET", `/api/webhooks/${id}`)).status).toBe(404);
    expect((await call("DELETE", `/api/webhooks/${id}`)).status).toBe(404);
  });

  it("shows what happens behind the provider's back: a console edit, failing deliveries, a deletion", async () => {
    const id = await create({ url: URL_1, events: ["call.ended"], secrets: [WHSEC] });
    const store = suite.emulator.objects(suite.key, webhooksRoute);
    writeWebhook(store, { url: "https://console.example.com/hook", secrets: ["whsec-emu-0002-fake"] }, id);
    expect(() => writeWebhook(store, { url: "not a url" }, id)).toThrow(/url.*Enter a valid URL/);
    markWebhook(store, id, "unhealthy", "HTTP 500 from the endpoint");
    expect((await call("GET", `/api/webhooks/${id}`)).body).toMatchObject({
      url: "https://console.example.com/hook",
      secrets: ["whsec-emu-0002-fake"],
      events: ["call.ended"],
      status: "unhealthy",
      lastStatusChange: expect.stringMatching(TIME),
      recentFailures: [{ timestamp: expect.stringMatching(TIME), failure: "HTTP 500 from the endpoint" }],
    });
    const added = writeWebhook(store, { url: URL_1, events: [] });
    expect((await call("GET", "/api/webhooks")).body?.total).toBe(2);
    store.delete(added.webhookId);
    expect((await call("GET", `/api/webhooks/${added.webhookId}`)).status).toBe(404);
  });
});
