/**
 * The emulator's call throttles (`/api/call_throttles`) behave as the API document describes: a
 * name of at most 64 characters, rules whose limits are 400s naming the rule and the field, PUT
 * versus PATCH, 404s and 405s, cursor pages, and out-of-band controls for tests.
 */
import { throttlesRoute, writeThrottle } from "../../emulator/call-throttles";
import { emulatorSuite } from "../emulator-suite";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?Z$/;
const RULE = { maxCalls: 10, windowSeconds: 60 };

const suite = emulatorSuite();
const { call } = suite;

async function create(body: Record<string, unknown> = { name: "burst", rules: [RULE] }): Promise<string> {
  const created = await call("POST", "/api/call_throttles", body);
  expect(created.status).toBe(201);
  return created.body?.throttleId as string;
}

describe("emulator call throttles", () => {
  it("creates one with the server's fields, keeping only the rules' own fields, and reads it back", async () => {
    const created = await call("POST", "/api/call_throttles", {
      name: "burst",
      rules: [
        { maxCalls: 1, windowSeconds: 1, note: "x" },
        { maxCalls: 100, windowSeconds: 86400 },
      ],
      throttleId: "mine",
    });
    expect(created).toEqual({
      status: 201,
      body: {
        throttleId: expect.stringMatching(UUID),
        name: "burst",
        created: expect.stringMatching(TIME),
        rules: [
          { maxCalls: 1, windowSeconds: 1 },
          { maxCalls: 100, windowSeconds: 86400 },
        ],
      },
    });
    const id = created.body?.throttleId as string;
    expect(await call("GET", `/api/call_throttles/${id}`)).toEqual({ status: 200, body: created.body });
  });

  it.each([
    ["no fields", {}, { name: ["This field is required."], rules: ["This field is required."] }],
    ["a name of 65 characters", { name: "n".repeat(65), rules: [] }, { name: ["Ensure this field has no more than 64 characters."] }],
    [
      "maxCalls 0",
      { name: "t", rules: [RULE, { maxCalls: 0, windowSeconds: 60 }] },
      { rules: [{}, { maxCalls: ["Ensure this value is greater than or equal to 1."] }] },
    ],
    [
      "maxCalls 101",
      { name: "t", rules: [{ maxCalls: 101, windowSeconds: 60 }] },
      { rules: [{ maxCalls: ["Ensure this value is less than or equal to 100."] }] },
    ],
    [
      "windowSeconds 0",
      { name: "t", rules: [{ maxCalls: 1, windowSeconds: 0 }] },
      { rules: [{ windowSeconds: ["Ensure this value is greater than or equal to 1."] }] },
    ],
    [
      "windowSeconds 86401",
      { name: "t", rules: [{ maxCalls: 1, windowSeconds: 86401 }] },
      { rules: [{ windowSeconds: ["Ensure this value is less than or equal to 86400."] }] },
    ],
    [
      "a fractional maxCalls",
      { name: "t", rules: [{ maxCalls: 1.5, windowSeconds: 60 }] },
      { rules: [{ maxCalls: ["A valid integer is required."] }] },
    ],
    ["a rule without windowSeconds", { name: "t", rules: [{ maxCalls: 1 }] }, { rules: [{ windowSeconds: ["This field is required."] }] }],
    [
      "a rule that is not an object",
      { name: "t", rules: [5] },
      { rules: [{ non_field_errors: ["Invalid data. Expected a dictionary, but got int."] }] },
    ],
    ["rules that are not a list", { name: "t", rules: RULE }, { rules: ['Expected a list of items but got type "dict".'] }],
  ])("answers a DRF-shaped 400 naming the field for %s", async (_name, body, errors) => {
    expect(await call("POST", "/api/call_throttles", body)).toEqual({ status: 400, body: errors });
    expect((await call("GET", "/api/call_throttles")).body?.total).toBe(0);
  });

  it("PATCH changes only what it sends (rules as a whole); PUT requires name and rules", async () => {
    const id = await create();
    const patched = await call("PATCH", `/api/call_throttles/${id}`, { name: "steady" });
    expect(patched.body).toMatchObject({ name: "steady", rules: [RULE] });
    expect((await call("PATCH", `/api/call_throttles/${id}`, { rules: [{ maxCalls: 5, windowSeconds: 3600 }] })).body).toMatchObject({
      name: "steady",
      rules: [{ maxCalls: 5, windowSeconds: 3600 }],
    });
    expect(await call("PUT", `/api/call_throttles/${id}`, { name: "only" })).toEqual({
      status: 400,
      body: { rules: ["This field is required."] },
    });
    expect((await call("PATCH", `/api/call_throttles/${id}`, { rules: [{ maxCalls: 500, windowSeconds: 1 }] })).status).toBe(400);
    const put = await call("PUT", `/api/call_throttles/${id}`, { name: "only", rules: [] });
    expect(put.body).toEqual({ ...patched.body, name: "only", rules: [] });
  });

  it("lists in cursor pages, deletes, and answers 404 and 405", async () => {
    const ids = [await create(), await create(), await create()];
    const first = await call("GET", "/api/call_throttles?pageSize=2");
    expect(first.body).toMatchObject({ previous: null, total: 3, next: expect.stringContaining("cursor=") });
    expect(await call("DELETE", `/api/call_throttles/${ids[0]}`)).toEqual({ status: 204, body: undefined });
    expect((await call("GET", `/api/call_throttles/${ids[0]}`)).status).toBe(404);
    expect((await call("GET", `/api/call_throttles/${ids[1]}`, undefined, suite.emulator.addAccount())).status).toBe(404);
    expect((await call("POST", `/api/call_throttles/${ids[1]}`, {})).status).toBe(405);
    expect((await call("PATCH", "/api/call_throttles", {})).status).toBe(405);
  });

  it("shows throttles made, changed and deleted behind the provider's back", async () => {
    const store = suite.emulator.objects(suite.key, throttlesRoute);
    const made = writeThrottle(store, { name: "console", rules: [RULE] });
    writeThrottle(store, { rules: [{ maxCalls: 2, windowSeconds: 10 }] }, made.throttleId);
    expect(() => writeThrottle(store, { rules: [{ maxCalls: 0, windowSeconds: 10 }] }, made.throttleId)).toThrow(/maxCalls/);
    expect((await call("GET", `/api/call_throttles/${made.throttleId}`)).body).toMatchObject({
      name: "console",
      rules: [{ maxCalls: 2, windowSeconds: 10 }],
    });
    store.delete(made.throttleId);
    expect((await call("GET", `/api/call_throttles/${made.throttleId}`)).status).toBe(404);
  });
});
