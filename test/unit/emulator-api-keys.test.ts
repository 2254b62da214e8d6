/**
 * The emulator's API keys (`/api/api_keys`) behave as the API document describes, and as keys: a
 * created key opens the account and its secret is shown once; `name` and `expiryDate` are
 * read-only once created; a revoked, deleted or expired key answers 401; keys made or revoked
 * behind the API's back show in the list.
 */
import { apiKeyPrefix, apiKeysRoute } from "../../emulator/api-keys";
import { ACCOUNT_PATH } from "../../emulator/server";
import { emulatorSuite, type Json } from "../emulator-suite";

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?Z$/;

const suite = emulatorSuite();
const { call } = suite;

async function create(body: Json = { name: "ci" }): Promise<Json> {
  const created = await call("POST", "/api/api_keys", body);
  expect(created.status).toBe(201);
  return created.body!;
}

/** Whether `apiKey` opens the suite's account now: the status of `GET /api/accounts/me` with it, and the account it names. */
async function opens(apiKey: string): Promise<{ status: number; accountId?: unknown }> {
  const answer = await call("GET", ACCOUNT_PATH, undefined, apiKey);
  return answer.status === 200 ? { status: 200, accountId: answer.body?.accountId } : { status: answer.status };
}

describe("emulator API keys", () => {
  it("creates a key that opens the account, shows its secret once, and lists it with the key in use", async () => {
    const created = await create({ name: "ci", revoked: true, creator: "me" });
    expect(created).toEqual({
      prefix: expect.stringMatching(/^emu[0-9a-f]{5}$/),
      created: expect.stringMatching(TIME),
      creator: null,
      secret: expect.stringMatching(/^emu[0-9a-f]{5}\.[0-9a-f]{32}$/),
      revoked: false,
      name: "ci",
      expiryDate: null,
    });
    const secret = created.secret as string;
    expect(created.prefix).toBe(apiKeyPrefix(secret));
    expect(await opens(secret)).toEqual({ status: 200, accountId: suite.emulator.accountId(suite.key) });
    const { secret: _secret, ...shown } = created;
    expect(await call("GET", `/api/api_keys/${String(created.prefix)}`, undefined, secret)).toEqual({ status: 200, body: shown });
    const listed = await call("GET", "/api/api_keys");
    expect(listed.body).toMatchObject({
      total: 2,
      results: [{ prefix: apiKeyPrefix(suite.key), name: "emulator key", revoked: false }, shown],
    });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // Another account sees none of it.
    expect((await call("GET", `/api/api_keys/${String(created.prefix)}`, undefined, suite.emulator.addAccount())).status).toBe(404);
  });

  it("ignores name and expiryDate once created (read-only), and changes revoked, which cannot be undone", async () => {
    const created = await create({ name: "ci", expiryDate: "2999-01-01T00:00:00+02:00" });
    expect(created.expiryDate).toBe("2998-12-31T22:00:00Z");
    const { secret, ...shown } = created;
    const path = `/api/api_keys/${String(created.prefix)}`;
    expect(await call("PATCH", path, { name: "renamed", expiryDate: null })).toEqual({ status: 200, body: shown });
    expect(await call("PUT", path, { name: "renamed" })).toEqual({ status: 200, body: shown });
    expect(await call("PATCH", path, { revoked: "yes" })).toEqual({ status: 400, body: { revoked: ["Must be a valid boolean."] } });
    expect(await opens(secret as string)).toMatchObject({ status: 200 });

    expect(await call("PUT", path, { revoked: true })).toEqual({ status: 200, body: { ...shown, revoked: true } });
    expect(await opens(secret as string)).toEqual({ status: 401 });
    expect(await call("PATCH", path, { revoked: false })).toEqual({
      status: 400,
      body: { revoked: ["A revoked API key cannot be restored."] },
    });
    expect((await call("GET", path)).body).toMatchObject({ revoked: true });
  });

  it("deletes a key: it opens nothing any more, and is gone from the list", async () => {
    const { secret, prefix } = await create();
    expect(await call("DELETE", `/api/api_keys/${String(prefix)}`)).toEqual({ status: 204, body: undefined });
    expect(await call("GET", ACCOUNT_PATH, undefined, secret as string)).toEqual({ status: 401, body: { detail: "Invalid API key." } });
    expect((await call("GET", `/api/api_keys/${String(prefix)}`)).status).toBe(404);
    expect((await call("GET", "/api/api_keys")).body?.total).toBe(1);
  });

  it("lets a key revoke itself: that answer arrives, the next request is refused", async () => {
    const { secret, prefix } = await create();
    expect((await call("PATCH", `/api/api_keys/${String(prefix)}`, { revoked: true }, secret as string)).body).toMatchObject({
      revoked: true,
    });
    expect((await call("GET", "/api/api_keys", undefined, secret as string)).status).toBe(401);
    expect((await opens(suite.key)).status).toBe(200);
  });

  it("refuses an expired key with 401, and keeps listing it", async () => {
    const expired = await create({ name: "old", expiryDate: "2001-01-01T00:00:00Z" });
    expect(await call("GET", ACCOUNT_PATH, undefined, expired.secret as string)).toEqual({
      status: 401,
      body: { detail: "API key has expired." },
    });
    const current = await create({ name: "new", expiryDate: "2999-01-01T00:00:00.5Z" });
    expect(current.expiryDate).toBe("2999-01-01T00:00:00.500000Z");
    expect((await opens(current.secret as string)).status).toBe(200);
    expect((await call("GET", `/api/api_keys/${String(expired.prefix)}`)).body).toMatchObject({
      revoked: false,
      expiryDate: "2001-01-01T00:00:00Z",
    });
  });

  it.each([
    ["no name", {}, { name: ["This field is required."] }],
    ["a name of 51 characters", { name: "n".repeat(51) }, { name: ["Ensure this field has no more than 50 characters."] }],
    ["a blank name", { name: " " }, { name: ["This field may not be blank."] }],
    [
      "an expiry that is not a time",
      { name: "ci", expiryDate: "next year" },
      { expiryDate: [expect.stringMatching(/^Datetime has wrong format/)] },
    ],
  ])("answers a DRF-shaped 400 naming the field for %s, and makes no key", async (_name, body, errors) => {
    expect(await call("POST", "/api/api_keys", body)).toEqual({ status: 400, body: errors });
    expect((await call("GET", "/api/api_keys")).body?.total).toBe(1);
  });

  it("answers 405 for the methods the document does not list", async () => {
    const { prefix } = await create();
    expect((await call("POST", `/api/api_keys/${String(prefix)}`, { name: "x" })).status).toBe(405);
    expect((await call("PUT", "/api/api_keys", {})).status).toBe(405);
    expect((await call("DELETE", "/api/api_keys")).status).toBe(405);
  });

  it("lists keys made and revoked behind the API's back, and forgets one deleted there", async () => {
    const rotated = suite.emulator.addApiKey(suite.key);
    const listed = await call("GET", "/api/api_keys");
    expect(listed.body).toMatchObject({
      total: 2,
      results: [{ prefix: apiKeyPrefix(suite.key) }, { prefix: apiKeyPrefix(rotated), revoked: false }],
    });
    suite.emulator.revokeApiKey(rotated);
    expect((await call("GET", `/api/api_keys/${apiKeyPrefix(rotated)}`)).body).toMatchObject({ revoked: true });
    suite.emulator.objects(suite.key, apiKeysRoute).delete(apiKeyPrefix(rotated));
    expect((await call("GET", `/api/api_keys/${apiKeyPrefix(rotated)}`)).status).toBe(404);
  });
});
