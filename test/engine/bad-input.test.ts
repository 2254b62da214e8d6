/**
 * Bad input through the real provider process, for every carrier: each case is a check failure
 * that names the property, during preview and up alike, with not one request to the API.
 */
import { join } from "node:path";
import { CARRIERS, secretValues, type CarrierCase } from "../carriers";
import { AGENT_A as A } from "../values";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

/** name → [args, the property named, what the reason says] */
function cases(carrier: CarrierCase): Record<string, [Record<string, unknown>, string, RegExp]> {
  const valid = { ...carrier.identity, ...secretValues(carrier) };
  const [identity] = Object.keys(carrier.identity);
  const [secret] = carrier.secrets.map((s) => s.field);
  const token = carrier.values[secret].first;
  return {
    "identity-wrong-type": [{ ...valid, [identity]: 12345 }, identity, /must be a string, got a number/],
    "identity-empty": [{ ...valid, [identity]: "" }, identity, /must not be empty/],
    "identity-blank": [{ ...valid, [identity]: "  " }, identity, /must not be only whitespace/],
    "secret-empty": [{ ...valid, [secret]: "" }, secret, /must not be empty/],
    "secret-wrong-type": [{ ...valid, [secret]: true }, "", new RegExp(`^${secret} must be a string, got a boolean`)],
    "secret-newline": [{ ...valid, [secret]: `${token}\n` }, "", new RegExp(`^${secret} must not start or end with whitespace`)],
    "agents-not-a-list": [{ ...valid, callCreationAllowedAgentIds: A }, "callCreationAllowedAgentIds", /must be a list/],
    "agent-malformed": [
      { ...valid, callCreationAllowedAgentIds: [A, "3c90c3cc-0d44-4b50-8888"] },
      "callCreationAllowedAgentIds[1]",
      /must be a UUID/,
    ],
    "agent-wrong-type": [
      { ...valid, callCreationAllowedAgentIds: [{ id: A }] },
      "callCreationAllowedAgentIds[0]",
      /must be a string, got an object/,
    ],
    "agents-101": [
      { ...valid, callCreationAllowedAgentIds: ids(101) },
      "callCreationAllowedAgentIds",
      /may hold at most 100 items, got 101/,
    ],
    "agents-duplicate-case": [
      { ...valid, callCreationAllowedAgentIds: [A, A.toUpperCase()] },
      "callCreationAllowedAgentIds[1]",
      /repeats callCreationAllowedAgentIds\[0\]/,
    ],
    "allow-all-with-list": [
      { ...valid, callCreationAllowAllAgents: true, callCreationAllowedAgentIds: [A] },
      "callCreationAllowedAgentIds",
      /must be empty when callCreationAllowAllAgents is true/,
    ],
    "allow-all-wrong-type": [
      { ...valid, callCreationAllowAllAgents: "true" },
      "callCreationAllowAllAgents",
      /must be true or false, got a string/,
    ],
    "mapping-empty-key": [
      { ...valid, requestContextMapping: { "": "user.phone_number" } },
      'requestContextMapping[""]',
      /key "" must be a dot-separated path/,
    ],
    "mapping-non-string": [{ ...valid, requestContextMapping: { From: 5 } }, "requestContextMapping.From", /got a number/],
    "mapping-bad-path": [{ ...valid, requestContextMapping: { From: "user." } }, "requestContextMapping.From", /dot-separated path/],
    "mapping-not-object": [{ ...valid, requestContextMapping: "From=user.phone" }, "requestContextMapping", /must be an object/],
    "unknown-property": [{ ...valid, callCreationAllowedAgents: [A] }, "", /^callCreationAllowedAgents is not a known property/],
    "base-url-not-http": [{ ...valid, baseUrl: "file:///etc/passwd" }, "", /^baseUrl must be an http\(s\) URL/],
    "base-url-clear-text": [{ ...valid, baseUrl: "http://api.ultravox.ai" }, "", /^baseUrl must use https/],
    "ultravox-api-key-empty": [{ ...valid, ultravoxApiKey: "" }, "ultravoxApiKey", /must not be empty/],
  };
}

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(() => f.stop());

it.each(CARRIERS)("$resource: fails every bad input in check, naming the property, without a request", async (carrier) => {
  const table = cases(carrier);
  const run = await f.program(
    {
      "ultravox-app:cases": JSON.stringify(
        Object.fromEntries(Object.entries(table).map(([name, [args]]) => [name, { resource: carrier.resource, args }])),
      ),
    },
    join(PROGRAMS, "from-config.js"),
  );
  expect(run.error).toBeUndefined();
  expect(run.resources).toHaveLength(Object.keys(table).length);

  for (const operation of ["preview", "up"] as const) {
    const result = await f.engine[operation](run.resources);
    for (const step of result.steps) {
      const [, property, reason] = table[step.name];
      expect({ name: step.name, failures: step.failures }).toEqual({
        name: step.name,
        failures: expect.arrayContaining([expect.objectContaining({ property, reason: expect.stringMatching(reason) })]) as unknown,
      });
    }
    expect(result.errors).toHaveLength(Object.keys(table).length);
  }
  expect(f.emulator.log).toHaveLength(0);
  expect(f.engine.state.size).toBe(0);
  expect(f.leaks()).toEqual([]);
});
