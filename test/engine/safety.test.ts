/**
 * What an ordinary change to a program must never do to an account, through Pulumi's real provider
 * process: a renamed singleton keeps the account's config; a create whose answer was lost is found
 * and managed, never duplicated or orphaned; an update cut short says what it left and is repaired
 * by the next `up`; removed shared secrets are cleared; a key of another account moves a resource
 * (as its own input) or is refused (as the stack's setting), and nothing is dropped from the state.
 */
import { join } from "node:path";
import { Engine, type OperationResult } from "../../harness/engine";
import type { RegisteredResource } from "../../harness/program";
import { ProviderProcess } from "../../harness/provider-process";
import { CARRIERS, PLIVO } from "../carriers";
import { PROGRAMS, PROJECT, engineFixture, type EngineFixture } from "./fixture";

const SIGNING = "sigSec-4e1b9d7a2c0f6e38";
const CRM_TOKEN = "crmTok-7a3e0c9b1d5f2e84";
const TEMPLATE = { systemPrompt: "You are the support agent of Example Corp.", voice: "Mark", joinTimeout: "60s" };

const ops = (result: OperationResult) => result.steps.map((s) => `${s.name} ${s.refreshResult ?? s.op}`);

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
  Object.assign(f.secrets, { "signing secret": SIGNING, "CRM token": CRM_TOKEN });
});
afterAll(() => f.stop());

interface AgentOptions {
  resourceName?: string;
  callTemplate?: Record<string, unknown>;
  /** null: the program does not set them. */
  sharedSecrets?: string[] | null;
  extra?: Record<string, unknown>;
}

async function agentProgram(fixture: EngineFixture, options: AgentOptions = {}): Promise<RegisteredResource[]> {
  const run = await fixture.program(
    {
      [`${PROJECT}:agentName`]: "support",
      [`${PROJECT}:resourceName`]: options.resourceName ?? "support",
      [`${PROJECT}:callTemplate`]: JSON.stringify(options.callTemplate ?? TEMPLATE),
      ...(options.sharedSecrets === null ? {} : { [`${PROJECT}:sharedSecrets`]: JSON.stringify(options.sharedSecrets ?? [SIGNING]) }),
      [`${PROJECT}:secretValues`]: JSON.stringify({}),
      [`${PROJECT}:extra`]: JSON.stringify(options.extra ?? {}),
    },
    join(PROGRAMS, "agent.js"),
  );
  expect(run.error).toBeUndefined();
  return run.resources;
}

const agentsHeld = (fixture: EngineFixture, apiKey = fixture.apiKey) => fixture.emulator.agents(apiKey);

function clearAccount(fixture: EngineFixture): void {
  for (const agent of fixture.emulator.agents(fixture.apiKey)) fixture.emulator.deleteAgentOutOfBand(fixture.apiKey, agent.agentId);
  for (const carrier of CARRIERS) fixture.emulator.deleteOutOfBand(fixture.apiKey, carrier.name);
  fixture.emulator.clearFaults();
  fixture.emulator.clearLog();
}

describe.each(CARRIERS)("renaming a $resource without an alias", (carrier) => {
  beforeEach(() => clearAccount(f));
  afterEach(() => expect(f.leaks()).toEqual([]));

  it("keeps the account's config: the old resource's delete leaves it to the new one, and says why", async () => {
    const engine = new Engine(f.provider);
    expect((await engine.up(await f.telephony(carrier))).errors).toEqual([]);
    f.emulator.clearLog();
    const stderr = f.provider.stderr.length;

    const renamed = await engine.up(await f.telephony(carrier, { name: `${carrier.name}-main` }));
    expect(renamed.errors).toEqual([]);
    expect(ops(renamed)).toEqual([`${carrier.name}-main create`, `${carrier.name} delete`]);
    expect(f.emulator.writes().map((r) => r.method)).toEqual(["PATCH"]);
    expect(f.emulator.config(f.apiKey, carrier.name)).toMatchObject(carrier.identity);
    expect([...engine.state.values()].map((s) => s.name)).toEqual([`${carrier.name}-main`]);
    const notice = `${carrier.resource} "${carrier.name}": not deleting the account's ${carrier.name} config: ${carrier.resource} "${carrier.name}-main" adopted or wrote it in this same deployment`;
    expect(await f.provider.stderrWith(notice, stderr)).toContain(notice);

    // The new resource's own delete is not held back.
    expect((await engine.destroy()).errors).toEqual([]);
    expect(f.emulator.config(f.apiKey, carrier.name)).toBeUndefined();
  });
});

describe("renaming an Agent without an alias", () => {
  beforeEach(() => clearAccount(f));

  it("fails the new resource's create with the advice that fits, and deletes nothing", async () => {
    const engine = new Engine(f.provider);
    expect((await engine.up(await agentProgram(f))).errors).toEqual([]);
    const renamed = await engine.up(await agentProgram(f, { resourceName: "support-main" }));
    expect(renamed.errors.join("\n")).toMatch(
      /Agent "support-main": an agent named "support" already exists .*If you renamed this resource in your program.*aliases: \[\{ name: "<old name>" \}\]/,
    );
    expect(agentsHeld(f)).toHaveLength(1);
    expect([...engine.state.values()].map((s) => s.name)).toEqual(["support"]);
  });
});

describe("a create whose answer was lost", () => {
  beforeEach(() => clearAccount(f));
  afterEach(() => expect(f.leaks()).toEqual([]));

  it.each(["drop", "malformed", "huge", "gateway"] as const)(
    "(%s): the agent Ultravox created is found by its name and managed; no duplicate, no orphan",
    async (how) => {
      const engine = new Engine(f.provider);
      f.emulator.inject({ kind: "lost-answer", how }, { method: "POST" });
      const up = await engine.up(await agentProgram(f));
      expect(up.errors).toEqual([]);
      const [held] = agentsHeld(f);
      expect(agentsHeld(f)).toHaveLength(1);
      expect([...engine.state.values()][0]).toMatchObject({ id: held.agentId, outputs: { agentId: held.agentId } });
      f.emulator.clearLog();
      expect(ops(await engine.up(await agentProgram(f)))).toEqual(["support same"]);
      expect(f.emulator.writes()).toEqual([]);
    },
  );

  it("when looking for it fails too: the state records the pending create, and the next up manages that agent", async () => {
    const engine = new Engine(f.provider);
    f.emulator.inject({ kind: "lost-answer", how: "drop" }, { method: "POST" });
    f.emulator.inject({ kind: "status", status: 500 }, { method: "GET", path: "/api/agents", times: 3 });
    const first = await engine.up(await agentProgram(f));
    expect(first.errors.join("\n")).toMatch(
      /Agent "support": Ultravox may have created agent "support", but its answer was lost .*looking for it failed too .*The state records the create as pending: the next `pulumi up`/,
    );
    const [pending] = engine.state.values();
    expect(pending.id).toMatch(/^pending-create-/);
    expect(pending.initErrors).toHaveLength(1);
    expect(pending.secretOutputs).toContain("sharedSecrets");
    expect(agentsHeld(f)).toHaveLength(1);

    f.emulator.clearLog();
    const second = await engine.up(await agentProgram(f));
    expect(second.errors).toEqual([]);
    expect(ops(second)).toEqual(["support update"]);
    expect(f.emulator.writes({}).map((r) => r.method)).toEqual(["PATCH"]);
    const [held] = agentsHeld(f);
    expect(agentsHeld(f)).toHaveLength(1);
    expect([...engine.state.values()][0].outputs.agentId).toBe(held.agentId);

    // A refresh gives the resource the agent's id; destroy removes that agent.
    expect(ops(await engine.refresh())).toEqual(["support same"]);
    expect([...engine.state.values()][0].id).toBe(held.agentId);
    expect((await engine.destroy()).errors).toEqual([]);
    expect(agentsHeld(f)).toHaveLength(0);
  });

  it("when Ultravox did not create it: the pending create is written by the next up, once", async () => {
    const engine = new Engine(f.provider);
    f.emulator.inject({ kind: "status", status: 502 }, { method: "POST" });
    expect((await engine.up(await agentProgram(f))).errors.join("\n")).toMatch(/no agent of that name shows yet/);
    expect(agentsHeld(f)).toHaveLength(0);
    const second = await engine.up(await agentProgram(f));
    expect(second.errors).toEqual([]);
    expect(agentsHeld(f)).toHaveLength(1);
    expect([...engine.state.values()][0].outputs.agentId).toBe(agentsHeld(f)[0].agentId);
  });

  it("a pending create that a refresh finds nothing for is dropped, and the next up creates the agent", async () => {
    const engine = new Engine(f.provider);
    f.emulator.inject({ kind: "status", status: 502 }, { method: "POST" });
    await engine.up(await agentProgram(f));
    expect(ops(await engine.refresh())).toEqual(["support delete"]);
    expect(engine.state.size).toBe(0);
    expect((await engine.up(await agentProgram(f))).errors).toEqual([]);
    expect(agentsHeld(f)).toHaveLength(1);
  });
});

describe("against a PATCH that ignores null", () => {
  let g: EngineFixture;
  beforeAll(async () => {
    g = await engineFixture({ emulator: { agentPatch: "merge-ignoring-null" } });
    Object.assign(g.secrets, { "signing secret": SIGNING });
  });
  afterAll(() => g.stop());
  beforeEach(() => clearAccount(g));
  afterEach(() => expect(g.leaks()).toEqual([]));

  it("a removed plain field is sent at its default: the template is never cleared", async () => {
    const engine = new Engine(g.provider);
    await engine.up(await agentProgram(g));
    g.emulator.clearLog();
    const { voice: _voice, ...withoutVoice } = TEMPLATE;
    expect((await engine.up(await agentProgram(g, { callTemplate: withoutVoice }))).errors).toEqual([]);
    const bodies = g.emulator.writes().map((r) => (r.body as { callTemplate?: unknown }).callTemplate);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual({ voice: "" });
    expect(bodies).not.toContain(null);
    expect(agentsHeld(g)[0].callTemplate).toMatchObject({ systemPrompt: TEMPLATE.systemPrompt, joinTimeout: "60.000s" });
    expect(agentsHeld(g)[0].callTemplate).not.toHaveProperty("voice");
  });

  it("sharedSecrets removed from the program are cleared (sent as an empty list, which a merge clears too)", async () => {
    const engine = new Engine(g.provider);
    await engine.up(await agentProgram(g));
    expect(agentsHeld(g)[0].callTemplate.sharedSecrets).toEqual([SIGNING]);
    expect((await engine.up(await agentProgram(g, { sharedSecrets: null }))).errors).toEqual([]);
    expect(agentsHeld(g)[0].callTemplate.sharedSecrets ?? []).toEqual([]);
  });

  it("an update cut short after clearing the template says the agent has none, and the next up writes it back", async () => {
    const engine = new Engine(g.provider);
    await engine.up(await agentProgram(g));
    const { joinTimeout: _timeout, ...withoutTimeout } = TEMPLATE;
    // The first PATCH keeps joinTimeout (a duration has no default to send); the template is
    // cleared (2nd PATCH); writing it again (3rd) fails, retries included.
    g.emulator.inject({ kind: "status", status: 500 }, { method: "PATCH", skip: 2, times: 3 });
    const cut = await engine.up(await agentProgram(g, { callTemplate: withoutTimeout }));
    expect(cut.errors.join("\n")).toMatch(
      /the update was cut short .*the agent has NO call template now \(no prompt, no tools, no voice\)/,
    );
    expect(agentsHeld(g)[0].callTemplate).not.toHaveProperty("systemPrompt");
    const [state] = engine.state.values();
    expect(state.initErrors).toHaveLength(1);
    expect(state.outputs.callTemplate ?? {}).not.toHaveProperty("systemPrompt");

    // Reverting the program would not hide it either: the state says what Ultravox holds.
    expect((await engine.up(await agentProgram(g))).errors).toEqual([]);
    expect(agentsHeld(g)[0].callTemplate).toMatchObject({ systemPrompt: TEMPLATE.systemPrompt, voice: "Mark", joinTimeout: "60.000s" });
    expect([...engine.state.values()][0].initErrors).toBeUndefined();
  });
});

describe("another API key", () => {
  beforeEach(() => clearAccount(f));

  it("of the same account, as the Agent's input (a rotation): changes nothing in Ultravox, never replaces", async () => {
    const engine = new Engine(f.provider);
    await engine.up(await agentProgram(f));
    const rotated = f.emulator.addApiKey(f.apiKey);
    f.secrets["rotated API key"] = rotated;
    f.emulator.clearLog();
    const program = await agentProgram(f, { extra: { ultravoxApiKey: rotated } });
    const preview = await engine.preview(program);
    expect(ops(preview)).toEqual(["support update"]);
    const up = await engine.up(program);
    expect(up.errors).toEqual([]);
    expect(f.emulator.writes()).toEqual([]);
    // The old key revoked: the state's key is the new one, and refresh and destroy use it.
    f.emulator.revokeApiKey(f.apiKey);
    try {
      expect(ops(await engine.refresh())).toEqual(["support same"]);
      expect((await engine.destroy()).errors).toEqual([]);
      expect(agentsHeld(f, rotated)).toHaveLength(0);
    } finally {
      f.emulator.addApiKey(rotated, f.apiKey);
    }
    expect(f.leaks(engine)).toEqual([]);
  });

  it("of another account, as the Agent's input: the preview says replace; up creates it there and deletes it from the old one", async () => {
    const engine = new Engine(f.provider);
    await engine.up(await agentProgram(f));
    const other = f.emulator.addAccount();
    f.secrets["other API key"] = other;
    const program = await agentProgram(f, { extra: { ultravoxApiKey: other } });
    const preview = await engine.preview(program);
    expect(ops(preview)).toEqual(["support replace"]);
    expect(preview.steps[0].replaces).toEqual(["ultravoxApiKey"]);
    const up = await engine.up(program);
    expect(up.errors).toEqual([]);
    expect(agentsHeld(f)).toHaveLength(0);
    expect(agentsHeld(f, other)).toHaveLength(1);
    expect([...engine.state.values()][0].outputs).toMatchObject({ accountId: f.emulator.accountId(other) });
    expect((await engine.destroy()).errors).toEqual([]);
    expect(agentsHeld(f, other)).toHaveLength(0);
    expect(f.leaks(engine)).toEqual([]);
  });

  it("of another account, as a telephony config's input: replaced there; the old account's config deleted with the old key", async () => {
    const engine = new Engine(f.provider);
    await engine.up(await f.telephony(PLIVO));
    const other = f.emulator.addAccount();
    f.secrets["other API key"] = other;
    const moved = await engine.up(await f.telephony(PLIVO, { extra: { ultravoxApiKey: other } }));
    expect(moved.errors).toEqual([]);
    expect(ops(moved)).toEqual(["plivo replace"]);
    expect(f.emulator.config(other, "plivo")).toMatchObject(PLIVO.identity);
    expect(f.emulator.config(f.apiKey, "plivo")).toBeUndefined();
    await engine.destroy();
    expect(f.leaks(engine)).toEqual([]);
  });

  it("of another account, as the stack's setting: every operation refuses, saying so, and nothing is dropped", async () => {
    const engine = new Engine(f.provider);
    await engine.up([...(await agentProgram(f)), ...(await f.telephony(PLIVO))]);
    const other = f.emulator.addAccount();
    f.secrets["other API key"] = other;
    const elsewhere = await ProviderProcess.start({ cwd: f.appDir, project: PROJECT });
    try {
      await elsewhere.configure({ ...f.stackConfig, "ultravox:apiKey": other });
      const moved = new Engine(elsewhere);
      for (const [urn, state] of engine.state) moved.state.set(urn, structuredClone(state));
      const program = [...(await agentProgram(f)), ...(await f.telephony(PLIVO))];
      const account = f.emulator.accountId(f.apiKey);
      const mismatch = new RegExp(
        `lives in Ultravox account ${account}, but the API key now in use \\(stack config ultravox:apiKey\\) opens account ${f.emulator.accountId(other)}\\. Nothing was sent`,
      );
      f.emulator.clearLog();
      for (const result of [await moved.preview(program), await moved.up(program), await moved.refresh(), await moved.destroy()]) {
        expect(result.errors).toHaveLength(2);
        for (const error of result.errors) expect(error).toMatch(mismatch);
      }
      expect(moved.state.size).toBe(2);
      expect(f.emulator.writes()).toEqual([]);
      expect(agentsHeld(f)).toHaveLength(1);
      expect(f.emulator.config(f.apiKey, "plivo")).toBeDefined();
      expect(f.leaks(moved, {}, elsewhere)).toEqual([]);
    } finally {
      await elsewhere.stop();
    }
    // With the stack's key unchanged, a preview still costs nothing.
    f.emulator.clearLog();
    await engine.preview([...(await agentProgram(f)), ...(await f.telephony(PLIVO))]);
    expect(f.emulator.log).toEqual([]);
    await engine.destroy();
  });
});
