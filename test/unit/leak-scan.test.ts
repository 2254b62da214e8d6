/**
 * The leak scan itself finds a planted secret in each place it searches, and masks only the
 * values Pulumi stores as secrets.
 */
import type { Engine } from "../../harness/engine";
import { exposedPlaces, scanForSecrets } from "../../harness/leak-scan";
import type { ProviderProcess } from "../../harness/provider-process";

const TOKEN = "tokL-e50454f31af3176813e0";

function places(planted: { stderr?: string; answer?: Record<string, unknown>; error?: string; output?: Record<string, unknown> }) {
  const engine = {
    state: new Map([["urn", { inputs: { __provider: "require(...)" } }]]),
    persisted: () => ({ urn: { outputs: planted.output ?? {} } }),
  } as unknown as Engine;
  const provider = {
    stdout: "",
    stderr: planted.stderr ?? "",
    transcript: [
      { method: "create", answer: planted.answer ?? {} },
      ...(planted.error ? [{ method: "update", error: planted.error }] : []),
    ],
  } as unknown as ProviderProcess;
  return exposedPlaces(engine, provider, new Set(["authToken"]));
}

describe("leak scan", () => {
  it("passes the token where Pulumi stores it as a secret", () => {
    expect(scanForSecrets({ token: TOKEN }, places({ answer: { properties: { authToken: TOKEN } } }))).toEqual([]);
  });

  it.each([
    ["provider stderr", { stderr: `Error: ${TOKEN}` }],
    ["gRPC answers and errors", { answer: { properties: { authTokenPrefix: TOKEN } } }],
    ["gRPC answers and errors", { error: `400 with ${TOKEN}` }],
    ["state (what is not marked secret)", { output: { note: TOKEN } }],
  ])("finds it in %s", (place, planted) => {
    expect(scanForSecrets({ token: TOKEN }, places(planted))).toEqual([{ place, secret: "token" }]);
  });
});
