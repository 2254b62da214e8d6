/**
 * The resource itself marks authToken and apiKey secret: a program that passes plain strings still
 * gets them stored encrypted, in inputs and outputs alike.
 */
import { join } from "node:path";
import { ENCRYPTED_SECRET } from "../../harness/pulumi-wire";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

const TOKEN = "tokM-4d6608697a8d41bed440";
let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture({ token: TOKEN });
});
afterAll(() => f.stop());

it("stores a plain-string token and API key as secrets", async () => {
  const args = { authId: "MAFAKEAUTHID000000001", authToken: TOKEN, apiKey: f.apiKey, baseUrl: f.emulator.url };
  // The program passes plain strings: no pulumi.secret, no secret config.
  const run = await f.program({ "ultravox-app:cases": JSON.stringify({ plain: args }) }, join(PROGRAMS, "from-config.js"));
  expect(run.resources[0].secretInputs.sort()).toEqual(["apiKey", "authToken"]);
  expect(run.resources[0].additionalSecretOutputs).toEqual(["authToken", "apiKey"]);

  expect((await f.engine.up(run.resources)).errors).toEqual([]);
  const [urn] = f.engine.state.keys();
  const stored = f.engine.persisted()[urn];
  for (const key of ["authToken", "apiKey"]) {
    expect(stored.inputs[key]).toEqual(ENCRYPTED_SECRET);
    expect(stored.outputs[key]).toEqual(ENCRYPTED_SECRET);
  }
  expect(stored.outputs.authTokenPrefix).toBe(f.emulator.prefixOf(TOKEN));
  expect(f.leaks()).toEqual([]);
});
