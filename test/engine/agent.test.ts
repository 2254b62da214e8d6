/**
 * The Agent through Pulumi's real provider process: its whole life, what a reviewer sees for a
 * prompt change (in clear) and a secret change (named, as [secret]), drift from the console, its
 * id feeding a Plivo config, bad input at preview, credentials at every place of the template that
 * takes one, a Pulumi secret inside the template, and no secret anywhere it should not be.
 */
import { join } from "node:path";
import { leafChanges, rowDiff } from "../../harness/display-rule";
import { Engine, type OperationResult } from "../../harness/engine";
import type { RegisteredResource } from "../../harness/program";
import { ENCRYPTED_SECRET, UNKNOWN } from "../../harness/pulumi-wire";
import { PLIVO } from "../carriers";
import { PROGRAMS, engineFixture, type EngineFixture } from "./fixture";

const CRM_TOKEN = "crmTok-2b9e4d0a7c31f865";
const SIGNING = "sigSec-6c0e3a9d1f7b2e48";
const ROTATED_SIGNING = "sigSec-a1f7e3c05d9b2c61";
const CONSOLE_CRM_TOKEN = "crmTok-9f3e1a7c5b2d0e84";
const SECRET_PROMPT = "You hold code 5e0c9a71d3f4b862.";
const SIP_PASSWORD = "sipPass-3d8b0f6a2e91c47d";
const TTS_AUTHORIZATION = "Bearer ttsTok-7c2a9e4f1b60d385";
const TYPE = "pulumi-nodejs:dynamic/ultravox:Agent";

const baseTemplate = {
  systemPrompt: "You are the support agent of Example Corp.",
  voice: "Mark",
  temperature: 0.4,
  joinTimeout: "30s",
  vadSettings: { turnEndpointDelay: "0.384s" },
  selectedTools: [{ toolName: "crm", authTokens: { apiKey: "[secret:crm]" } }],
};

let f: EngineFixture;
let engine: Engine;
beforeAll(async () => {
  f = await engineFixture();
  Object.assign(f.secrets, {
    "CRM token": CRM_TOKEN,
    "signing secret": SIGNING,
    "rotated signing secret": ROTATED_SIGNING,
    "console CRM token": CONSOLE_CRM_TOKEN,
    "secret system prompt": SECRET_PROMPT,
    "SIP password": SIP_PASSWORD,
    "TTS authorization": TTS_AUTHORIZATION,
  });
});
afterAll(() => f.stop());
beforeEach(() => {
  engine = new Engine(f.provider);
  for (const agent of f.emulator.agents(f.apiKey)) f.emulator.deleteAgentOutOfBand(f.apiKey, agent.agentId);
  f.emulator.deleteOutOfBand(f.apiKey, "plivo");
  f.emulator.clearLog();
});
afterEach(() => expect(f.leaks(engine)).toEqual([]));

interface AgentProgram {
  callTemplate?: Record<string, unknown>;
  sharedSecrets?: string[];
  /** The secret `secretValues` (default: the CRM token as `crm`). */
  secretValues?: Record<string, string>;
  /** A system prompt given as a Pulumi secret, in place of the template's. */
  secretSystemPrompt?: string;
  name?: string;
  withPlivo?: boolean;
  preview?: boolean;
  /** What the agent got from Ultravox: feeds its agentId to the Plivo config. */
  agentOutputs?: Record<string, unknown>;
}

async function program(options: AgentProgram = {}): Promise<RegisteredResource[]> {
  const run = await f.program(
    {
      "ultravox-app:agentName": options.name ?? "support",
      "ultravox-app:callTemplate": JSON.stringify(options.callTemplate ?? baseTemplate),
      "ultravox-app:sharedSecrets": JSON.stringify(options.sharedSecrets ?? [SIGNING]),
      "ultravox-app:secretValues": JSON.stringify(options.secretValues ?? { crm: CRM_TOKEN }),
      "ultravox-app:withPlivo": String(options.withPlivo ?? false),
      ...(options.secretSystemPrompt !== undefined ? { "ultravox-app:secretSystemPrompt": options.secretSystemPrompt } : {}),
    },
    join(PROGRAMS, "agent.js"),
    { preview: options.preview, outputs: options.agentOutputs ? { support: options.agentOutputs } : {} },
  );
  expect(run.error).toBeUndefined();
  return run.resources;
}

const step = (result: OperationResult, name = "support") => result.steps.find((s) => s.name === name)!;
const ops = (result: OperationResult) => result.steps.map((s) => s.refreshResult ?? s.op);
const only = () => [...engine.state.values()].find((s) => s.type === TYPE)!;
const remote = () => f.emulator.agent(f.apiKey, only().id)!;

it("lives a whole life: preview, create, no-op, prompt change, console drift, deletion outside Pulumi, destroy", async () => {
  const v1 = await program();
  expect(v1.map((r) => r.type)).toEqual([TYPE]);
  expect(v1[0].secretInputs.sort()).toEqual(["secretValues", "sharedSecrets"]);
  // No secret in the template: it stays readable, in reportedCallTemplate too.
  expect(v1[0].additionalSecretOutputs).not.toContain("reportedCallTemplate");

  expect(ops(await engine.preview(v1))).toEqual(["create"]);
  expect(f.emulator.log).toEqual([]);

  const created = await engine.up(v1);
  expect(created.errors).toEqual([]);
  expect(f.emulator.calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["POST /api/agents 201"]);
  expect(only().id).toBe(only().outputs.agentId);
  expect(remote().callTemplate).toMatchObject({ sharedSecrets: [SIGNING], selectedTools: [{ authTokens: { apiKey: CRM_TOKEN } }] });
  expect(only().outputs.reportedCallTemplate).toMatchObject({ model: "ultravox-v0.7", maxDuration: "3600.000s" });
  expect([...only().secretOutputs].sort()).toEqual(["secretValues", "sharedSecrets"]);

  // Ultravox answered 0.4 as float32 and "30s" as "30.000s", with defaults added: no change, no request.
  f.emulator.clearLog();
  expect(ops(await engine.refresh())).toEqual(["same"]);
  expect(ops(await engine.up(await program()))).toEqual(["same"]);
  expect(f.emulator.writes()).toEqual([]);

  // A prompt change is one PATCH.
  const v2 = await program({ callTemplate: { ...baseTemplate, systemPrompt: "You are the billing agent." } });
  expect(ops(await engine.up(v2))).toEqual(["update"]);
  expect(f.emulator.writes().map((r) => r.method)).toEqual(["PATCH"]);
  expect(remote().callTemplate.systemPrompt).toBe("You are the billing agent.");

  // Edited in the console: refresh shows it at callTemplate.systemPrompt, up writes the program back.
  f.emulator.changeAgentOutOfBand(f.apiKey, only().id, {
    callTemplate: { systemPrompt: "Edited in the console.", model: "console-model" },
  });
  const drift = await engine.refresh();
  expect(ops(drift)).toEqual(["update"]);
  expect(only().inputs.callTemplate).toMatchObject({ systemPrompt: "Edited in the console." });
  expect(only().inputs.callTemplate).not.toHaveProperty("model");
  const back = await engine.preview(v2);
  expect(leafChanges(step(back), "preview")).toEqual([
    { path: "callTemplate.systemPrompt", kind: "update", old: "Edited in the console.", new: "You are the billing agent." },
  ]);
  expect(ops(await engine.up(v2))).toEqual(["update"]);
  expect(remote().callTemplate).toMatchObject({ systemPrompt: "You are the billing agent.", model: "console-model" });

  // Deleted outside Pulumi: refresh drops it, up creates it again (a new id).
  const oldId = only().id;
  f.emulator.deleteAgentOutOfBand(f.apiKey, oldId);
  expect(ops(await engine.refresh())).toEqual(["delete"]);
  expect(ops(await engine.up(v2))).toEqual(["create"]);
  expect(only().id).not.toBe(oldId);

  f.emulator.clearLog();
  expect((await engine.destroy()).errors).toEqual([]);
  expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 204"]);
  expect(f.emulator.agents(f.apiKey)).toEqual([]);
});

describe("what a reviewer sees", () => {
  beforeEach(async () => {
    expect((await engine.up(await program())).errors).toEqual([]);
    f.emulator.clearLog();
  });

  it("a prompt change, in clear, field by field", async () => {
    const preview = await engine.preview(await program({ callTemplate: { ...baseTemplate, systemPrompt: "Be brief.", voice: "Jessica" } }));
    expect(rowDiff(step(preview))).toEqual({ add: [], delete: [], update: ["callTemplate"] });
    expect(leafChanges(step(preview), "preview")).toEqual([
      { path: "callTemplate.systemPrompt", kind: "update", old: baseTemplate.systemPrompt, new: "Be brief." },
      { path: "callTemplate.voice", kind: "update", old: "Mark", new: "Jessica" },
    ]);
    expect(f.emulator.log).toEqual([]);
  });

  it("a removed field, which the update returns to Ultravox's default", async () => {
    const { voice: _voice, ...withoutVoice } = baseTemplate;
    const preview = await engine.preview(await program({ callTemplate: withoutVoice }));
    expect(leafChanges(step(preview), "preview")).toEqual([{ path: "callTemplate.voice", kind: "delete", old: "Mark" }]);
    expect(ops(await engine.up(await program({ callTemplate: withoutVoice })))).toEqual(["update"]);
    expect(remote().callTemplate).not.toHaveProperty("voice");
  });

  it("a rotated shared secret, named as [secret] and never shown", async () => {
    const preview = await engine.preview(await program({ sharedSecrets: [ROTATED_SIGNING] }));
    expect(rowDiff(step(preview))).toEqual({ add: [], delete: [], update: ["sharedSecrets"] });
    expect(leafChanges(step(preview), "preview")).toEqual([{ path: "sharedSecrets", kind: "update", old: "[secret]", new: "[secret]" }]);
    expect(ops(await engine.up(await program({ sharedSecrets: [ROTATED_SIGNING] })))).toEqual(["update"]);
    expect(remote().callTemplate.sharedSecrets).toEqual([ROTATED_SIGNING]);
  });

  it("a tool's credential changed in the console, as its reference marked changed, and set back by up", async () => {
    const tools = [{ toolName: "crm", authTokens: { apiKey: CONSOLE_CRM_TOKEN } }];
    f.emulator.changeAgentOutOfBand(f.apiKey, only().id, { callTemplate: { selectedTools: tools } });
    const { refresh, preview } = await engine.previewWithRefresh(await program());
    expect(step(refresh).refreshResult).toBe("update");
    expect(leafChanges(step(preview), "preview")).toEqual([
      {
        path: "callTemplate.selectedTools[0].authTokens.apiKey",
        kind: "update",
        old: "[secret:crm, changed outside Pulumi]",
        new: "[secret:crm]",
      },
    ]);
    // `pulumi up --refresh`:
    expect(ops(await engine.refresh())).toEqual(["update"]);
    expect(ops(await engine.up(await program()))).toEqual(["update"]);
    expect(remote().callTemplate.selectedTools).toEqual([{ toolName: "crm", authTokens: { apiKey: CRM_TOKEN } }]);
  });
});

it("feeds its agentId to a Plivo config: unknown at preview, the real id at up", async () => {
  const planned = await program({ withPlivo: true, preview: true });
  const plivoPlanned = planned.find((r) => r.name === "plivo")!;
  expect(plivoPlanned.inputs.callCreationAllowedAgentIds).toEqual([UNKNOWN]);
  const preview = await engine.preview(planned);
  expect(preview.steps.map((s) => `${s.name} ${s.op}`).sort()).toEqual(["plivo create", "support create"]);
  expect(preview.errors).toEqual([]);

  // up: the agent first; its id then resolves in the Plivo config's inputs, as the engine does.
  const [agent] = await program();
  expect((await engine.up([agent])).errors).toEqual([]);
  const agentId = only().outputs.agentId as string;
  const resources = await program({ withPlivo: true, agentOutputs: { agentId } });
  expect((await engine.up(resources)).errors).toEqual([]);
  expect(f.emulator.config(f.apiKey, "plivo")).toMatchObject({ authId: PLIVO.identity.authId, callCreationAllowedAgentIds: [agentId] });
});

it("refuses bad input at preview, naming the property, with no request", async () => {
  const bad = await program({
    name: "a".repeat(65),
    callTemplate: { ...baseTemplate, temperature: 2, systemPromt: "typo", joinTimeout: "soon" },
  });
  const result = await engine.preview(bad);
  expect(result.steps[0].failures).toEqual([
    { property: "name", reason: "name must be at most 64 characters, got 65" },
    {
      property: "callTemplate.joinTimeout",
      reason: 'callTemplate.joinTimeout must be a duration in seconds such as "30s" or "0.384s", got "soon"',
    },
    // A misspelt field is named in the reason only: it could hold anything, and Pulumi would print it.
    { property: "", reason: expect.stringMatching(/^callTemplate.systemPromt is not a known property/) },
    { property: "callTemplate.temperature", reason: "callTemplate.temperature must be a number from 0 to 1, got 2" },
  ]);
  expect(f.emulator.log).toEqual([]);
});

describe("secrets inside the call template", () => {
  const sipTemplate = (password: string, authorization: string) => {
    const { voice: _voice, ...rest } = baseTemplate;
    return {
      ...rest,
      medium: { sip: { outgoing: { to: "sip:desk@sip.example.test", from: "sip:agent@example.test", username: "agent", password } } },
      externalVoice: {
        generic: { url: "https://tts.example.test/v1/speak", headers: { Authorization: authorization }, body: { text: "{text}" } },
      },
    };
  };

  it("a secret system prompt makes every output derived from the template secret: nothing in clear in the state", async () => {
    const resources = await program({ secretSystemPrompt: SECRET_PROMPT });
    expect(resources[0].secretInputs).toContain("callTemplate");
    expect(resources[0].additionalSecretOutputs).toContain("reportedCallTemplate");

    expect((await engine.up(resources)).errors).toEqual([]);
    expect(remote().callTemplate.systemPrompt).toBe(SECRET_PROMPT);
    expect([...only().secretOutputs]).toEqual(expect.arrayContaining(["callTemplate", "reportedCallTemplate"]));
    const stored = () => engine.persisted()[only().urn];
    expect(stored().outputs.reportedCallTemplate).toEqual(ENCRYPTED_SECRET);

    // Refreshed (after a console edit) and updated, it stays secret.
    f.emulator.changeAgentOutOfBand(f.apiKey, only().id, { callTemplate: { model: "console-model" } });
    expect(ops(await engine.refresh())).toEqual(["same"]);
    expect(stored().outputs.reportedCallTemplate).toEqual(ENCRYPTED_SECRET);
    const changed = await program({ secretSystemPrompt: SECRET_PROMPT, callTemplate: { ...baseTemplate, voice: "Jessica" } });
    expect(ops(await engine.up(changed))).toEqual(["update"]);
    expect(stored().outputs.reportedCallTemplate).toEqual(ENCRYPTED_SECRET);
    // The leak scan (afterEach) finds the prompt nowhere.
  });

  it("a SIP password and a generic voice's header, as references: sent resolved, stored as references", async () => {
    const resources = await program({
      callTemplate: sipTemplate("[secret:sip]", "[secret:tts]"),
      secretValues: { crm: CRM_TOKEN, sip: SIP_PASSWORD, tts: TTS_AUTHORIZATION },
    });
    const created = await engine.up(resources);
    expect(created.errors).toEqual([]);
    expect(remote().callTemplate).toMatchObject({
      medium: { sip: { outgoing: { password: SIP_PASSWORD } } },
      externalVoice: { generic: { headers: { Authorization: TTS_AUTHORIZATION } } },
    });
    const referenced = {
      medium: { sip: { outgoing: { password: "[secret:sip]" } } },
      externalVoice: { generic: { headers: { Authorization: "[secret:tts]" } } },
    };
    expect(only().outputs.callTemplate).toMatchObject(referenced);
    expect(only().outputs.reportedCallTemplate).toMatchObject(referenced);
    expect(ops(await engine.refresh())).toEqual(["same"]);
    expect(only().inputs.callTemplate).toMatchObject(referenced);
  });

  it("a SIP password and a generic voice's header in clear: refused at preview, named, never printed", async () => {
    const result = await engine.preview(await program({ callTemplate: sipTemplate(SIP_PASSWORD, TTS_AUTHORIZATION) }));
    const reference = 'must be a secret reference, ultravox.secretRef("<name>"), with the value in the Agent\'s secretValues';
    expect(step(result).failures).toEqual([
      { property: "", reason: expect.stringContaining(`callTemplate.externalVoice.generic.headers.Authorization ${reference}`) },
      { property: "", reason: expect.stringContaining(`callTemplate.medium.sip.outgoing.password ${reference}`) },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/sipPass|ttsTok/);
    expect(f.emulator.log).toEqual([]);
  });

  it("a reference where the API takes no credential, or with a name secretRef refuses: refused at preview, saying why", async () => {
    const template = {
      ...baseTemplate,
      selectedTools: [{ toolName: "crm", authTokens: { apiKey: "[secret:crm:prod]" } }],
      dataConnection: { websocketUrl: "[secret:ws]" },
    };
    const result = await engine.preview(
      await program({ callTemplate: template, secretValues: { "crm:prod": CRM_TOKEN, ws: "wss://events.example.test" } }),
    );
    expect(step(result).failures).toEqual([
      { property: "", reason: 'secretValues["crm:prod"] key "crm:prod" is not a valid name: a name is letters, digits, "_", "." and "-"' },
      {
        property: "callTemplate.dataConnection.websocketUrl",
        reason: expect.stringMatching(
          /^callTemplate.dataConnection.websocketUrl holds a secret reference, which only these fields take: .*medium.sip.outgoing.password$/,
        ),
      },
      {
        property: "",
        reason: expect.stringMatching(
          /^callTemplate.selectedTools\[0\].authTokens.apiKey is not a valid secret reference: a name is letters, digits, "_", "." and "-"$/,
        ),
      },
      // A value for a reference made where none is taken is referenced by nothing.
      { property: "", reason: "secretValues.ws is not referenced by callTemplate (ultravox.secretRef)" },
    ]);
    expect(f.emulator.log).toEqual([]);
  });
});
