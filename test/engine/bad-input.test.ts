/**
 * Bad input through the real provider process: each case is a check failure that names the
 * property, during preview and up alike, with not one request to the API.
 */
import { join } from "node:path";
import { AGENT_A as A } from "../values";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

const TOKEN = "tokI-dba41ecccc3fc1626e53";
const valid = { authId: "MAFAKEAUTHID000000001", authToken: TOKEN };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

/** name → [args, the property named, what the reason says] */
const cases: Record<string, [Record<string, unknown>, string, RegExp]> = {
  "authid-wrong-type": [{ ...valid, authId: 12345 }, "authId", /must be a string, got a number/],
  "authid-empty": [{ ...valid, authId: "" }, "authId", /must not be empty/],
  "token-empty": [{ ...valid, authToken: "" }, "authToken", /must not be empty/],
  "token-wrong-type": [{ ...valid, authToken: true }, "authToken", /must be a string, got a boolean/],
  "agents-not-a-list": [{ ...valid, callCreationAllowedAgentIds: A }, "callCreationAllowedAgentIds", /must be a list/],
  "agent-malformed": [{ ...valid, callCreationAllowedAgentIds: [A, "3c90c3cc-0d44-4b50-8888"] }, "callCreationAllowedAgentIds[1]", /must be a UUID/],
  "agent-wrong-type": [{ ...valid, callCreationAllowedAgentIds: [{ id: A }] }, "callCreationAllowedAgentIds[0]", /must be a UUID string, got an object/],
  "agents-101": [{ ...valid, callCreationAllowedAgentIds: ids(101) }, "callCreationAllowedAgentIds", /at most 100 agent ids, got 101/],
  "agents-duplicate-case": [{ ...valid, callCreationAllowedAgentIds: [A, A.toUpperCase()] }, "callCreationAllowedAgentIds[1]", /repeats callCreationAllowedAgentIds\[0\]/],
  "allow-all-with-list": [{ ...valid, callCreationAllowAllAgents: true, callCreationAllowedAgentIds: [A] }, "callCreationAllowedAgentIds", /must be empty when callCreationAllowAllAgents is true/],
  "allow-all-wrong-type": [{ ...valid, callCreationAllowAllAgents: "true" }, "callCreationAllowAllAgents", /must be true or false, got a string/],
  "mapping-empty-key": [{ ...valid, requestContextMapping: { "": "user.phone_number" } }, 'requestContextMapping[""]', /key "" must not be empty/],
  "mapping-non-string": [{ ...valid, requestContextMapping: { From: 5 } }, "requestContextMapping.From", /got a number/],
  "mapping-bad-path": [{ ...valid, requestContextMapping: { From: "user." } }, "requestContextMapping.From", /dot-separated path/],
  "mapping-not-object": [{ ...valid, requestContextMapping: "From=user.phone" }, "requestContextMapping", /must be an object/],
  "unknown-property": [{ ...valid, callCreationAllowedAgents: [A] }, "", /^callCreationAllowedAgents is not a known property/],
  "base-url-not-http": [{ ...valid, baseUrl: "file:///etc/passwd" }, "", /^baseUrl must be an http\(s\) URL/],
  "base-url-clear-text": [{ ...valid, baseUrl: "http://api.ultravox.ai" }, "", /^baseUrl must use https/],
  "authid-blank": [{ ...valid, authId: "  " }, "authId", /must not be only whitespace/],
  "token-newline": [{ ...valid, authToken: `${TOKEN}\n` }, "", /^authToken must not start or end with whitespace/],
  "api-key-empty": [{ ...valid, apiKey: "" }, "apiKey", /must not be empty/],
};

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture({ token: TOKEN });
});
afterAll(() => f.stop());

it("fails every bad input in check, naming the property, without a request", async () => {
  const run = await f.program(
    { "ultravox-app:cases": JSON.stringify(Object.fromEntries(Object.entries(cases).map(([name, [args]]) => [name, args]))) },
    join(PROGRAMS, "from-config.js"),
  );
  expect(run.error).toBeUndefined();
  expect(run.resources).toHaveLength(Object.keys(cases).length);
  expect(Object.keys(cases).length).toBeGreaterThanOrEqual(15);

  for (const operation of ["preview", "up"] as const) {
    const result = await f.engine[operation](run.resources);
    for (const step of result.steps) {
      const [, property, reason] = cases[step.name];
      expect({ name: step.name, failures: step.failures }).toEqual({
        name: step.name,
        failures: expect.arrayContaining([expect.objectContaining({ property, reason: expect.stringMatching(reason) })]),
      });
    }
    expect(result.errors).toHaveLength(Object.keys(cases).length);
  }
  expect(f.emulator.log).toHaveLength(0);
  expect(f.engine.state.size).toBe(0);
  expect(f.leaks()).toEqual([]);
});
