/**
 * Each resource marks its secrets (its carrier's, and the Ultravox key) itself: a program that
 * passes plain strings still gets them stored encrypted, in inputs and outputs alike.
 */
import { join } from "node:path";
import { ENCRYPTED_SECRET } from "../../harness/pulumi-wire";
import { CARRIERS, secretValues } from "../carriers";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.stop());

it.each(CARRIERS)("$resource stores plain-string secrets and ultravoxApiKey as secrets", async (carrier) => {
  const args = { ...carrier.identity, ...secretValues(carrier), ultravoxApiKey: f.apiKey, baseUrl: f.emulator.url };
  // The program passes plain strings: no pulumi.secret, no secret config.
  const run = await f.program(
    { "ultravox-app:cases": JSON.stringify({ plain: { resource: carrier.resource, args } }) },
    join(PROGRAMS, "from-config.js"),
  );
  const secretKeys = [...Object.keys(secretValues(carrier)), "ultravoxApiKey"].sort();
  expect(run.resources[0].secretInputs.sort()).toEqual(secretKeys);
  expect(run.resources[0].additionalSecretOutputs).toEqual(expect.arrayContaining(secretKeys));

  f.engine.state.clear();
  f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
  expect((await f.engine.up(run.resources)).errors).toEqual([]);
  const [urn] = f.engine.state.keys();
  const stored = f.engine.persisted()[urn];
  for (const key of secretKeys) {
    expect(stored.inputs[key]).toEqual(ENCRYPTED_SECRET);
    expect(stored.outputs[key]).toEqual(ENCRYPTED_SECRET);
  }
  for (const s of carrier.secrets) expect(stored.outputs[s.prefixField]).toBe(f.emulator.prefixOf(carrier.values[s.field].first));
  expect(f.leaks()).toEqual([]);
});
