/**
 * For the tests of the emulator's kinds of objects: one emulator per file, a fresh account for
 * each test (so no test sees another's objects), a `call` that sends JSON with its key, and, after
 * each test, the check that every answer the emulator gave is what the API document defines.
 */
import { UltravoxEmulator } from "../emulator/server";
import { ApiContract } from "./openapi";

export type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  body: Json | undefined;
}

export interface Suite {
  emulator: UltravoxEmulator;
  /** The key of this test's account. */
  key: string;
  /** A request with this test's key (or `apiKey`; `""` for none); a string body is sent as it is. */
  call: (method: string, path: string, body?: unknown, apiKey?: string) => Promise<Answer>;
}

const contract = new ApiContract();

export function emulatorSuite(): Suite {
  const suite: Suite = {
    emulator: undefined as unknown as UltravoxEmulator,
    key: "",
    async call(method, path, body, apiKey = suite.key) {
      const res = await fetch(`${suite.emulator.url}${path}`, {
        method,
        headers: { ...(apiKey ? { "x-api-key": apiKey } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined };
    },
  };
  beforeAll(async () => {
    suite.emulator = await new UltravoxEmulator().start();
  });
  afterAll(() => suite.emulator.stop());
  beforeEach(() => {
    suite.key = suite.emulator.addAccount();
  });
  afterEach(() => {
    expect(contract.violations(suite.emulator.log.splice(0), { answersOnly: true })).toEqual([]);
  });
  return suite;
}
