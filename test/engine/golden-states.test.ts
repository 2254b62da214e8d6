/**
 * State compatibility: every golden state (test/golden/<release>/, a state a released version
 * wrote, see harness/golden-state.ts) is refreshed, left unchanged by the same program, updated and
 * destroyed by the current code, through Pulumi's real provider process running the `__provider`
 * stored in that state.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../../harness/engine";
import { restore, substitute, type GoldenState } from "../../harness/golden-state";
import { REPO_ROOT } from "../../harness/installed-app";
import { CARRIERS, secretValues } from "../carriers";
import { AGENT_A, AGENT_B } from "../values";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

const GOLDEN = join(REPO_ROOT, "test", "golden");
const fixtures = readdirSync(GOLDEN).flatMap((release) => readdirSync(join(GOLDEN, release)).map((file) => join(release, file)));

let f: EngineFixture;
let ownKey: string;
beforeAll(async () => {
  f = await engineFixture();
  ownKey = f.emulator.addAccount();
  f.secrets["resource API key"] = ownKey;
});
afterAll(() => f.stop());

it("has the golden states of 0.1.0's PlivoTelephonyConfig", () => {
  expect(fixtures).toEqual(
    expect.arrayContaining(["0.1.0/plivo-installed.json", "0.1.0/plivo-source.json", "0.1.0/plivo-installed-own-key.json"]),
  );
});

describe.each(fixtures)("%s", (fixture) => {
  const golden = JSON.parse(readFileSync(join(GOLDEN, fixture), "utf8")) as GoldenState;
  const carrier = CARRIERS.find((c) => c.resource === golden.resource)!;

  it("is refreshed, kept as it is by the same program, updated and destroyed by the current code", async () => {
    const secrets = secretValues(carrier);
    const values: Record<string, string> = { "<ultravox-api-key>": f.apiKey, "<resource-api-key>": ownKey, "<base-url>": f.emulator.url };
    for (const s of carrier.secrets) {
      values[`<${s.field}>`] = secrets[s.field];
      values[`<${s.prefixField}>`] = f.emulator.prefixOf(secrets[s.field]);
    }
    const account = JSON.stringify(golden.args).includes("<resource-api-key>") ? ownKey : f.apiKey;
    f.emulator.deleteOutOfBand(f.apiKey, carrier.name);
    f.emulator.deleteOutOfBand(ownKey, carrier.name);
    f.emulator.changeOutOfBand(account, substitute(golden.remote, values), carrier.name);
    const engine = new Engine(f.provider);
    const state = restore(golden, values);
    engine.state.set(state.urn, state);
    const program = async (args: Record<string, unknown>) => {
      const run = await f.program(
        { "ultravox-app:cases": JSON.stringify({ [golden.name]: { resource: golden.resource, args } }) },
        join(PROGRAMS, "from-config.js"),
      );
      expect(run.error).toBeUndefined();
      return run.resources;
    };
    const args = substitute(golden.args, values);
    f.emulator.clearLog();

    const refreshed = await engine.refresh();
    expect(refreshed.errors).toEqual([]);
    expect(refreshed.steps[0].refreshResult).toBe("same");

    // The program that wrote the state, run again: nothing to do.
    const same = await engine.up(await program(args));
    expect(same.errors).toEqual([]);
    expect(same.steps[0].op).toBe("same");
    expect(f.emulator.writes()).toEqual([]);

    const updated = await engine.up(await program({ ...args, callCreationAllowedAgentIds: [AGENT_A, AGENT_B] }));
    expect(updated.errors).toEqual([]);
    expect(f.emulator.writes().map((r) => `${r.method} ${r.apiKey === account ? "same account" : "another account"}`)).toEqual([
      "PATCH same account",
    ]);
    expect(f.emulator.config(account, carrier.name)?.callCreationAllowedAgentIds).toEqual([AGENT_A, AGENT_B]);

    const destroyed = await engine.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(f.emulator.config(account, carrier.name)).toBeUndefined();
    expect(engine.state.size).toBe(0);
    expect(f.leaks(engine)).toEqual([]);
  });
});
