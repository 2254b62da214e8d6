/**
 * The Agent provider against the emulator: what check refuses, what each method sends, what the
 * state records, and that a field the program drops returns to its default whatever the PATCH does.
 */
import { agentSpec } from "../../provider/agent/spec";
import { SpecProvider } from "../../provider/core/spec-provider";
import { secretRef } from "../../provider/core/references";
import { UltravoxEmulator, type AgentPatchMode } from "../../emulator/server";

type Props = Record<string, unknown>;

const CRM_TOKEN = "crmTok-5e0b7d2c9a14f863";
const SIGNING = "sigSec-8a3f1d6e0b2c9475";

interface AgentFixture {
  emulator: UltravoxEmulator;
  apiKey: string;
  provider: SpecProvider;
}

async function fixture(agentPatch?: AgentPatchMode): Promise<AgentFixture> {
  const emulator = await new UltravoxEmulator({ agentPatch }).start();
  const apiKey = emulator.addAccount();
  const stack: Record<string, string> = { "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url, "ultravox:maxRetries": "1" };
  const provider = new SpecProvider(agentSpec);
  await provider.configure({ config: { get: (key: string) => stack[key] } });
  return { emulator, apiKey, provider };
}

const template = (overrides: Props = {}): Props => ({
  systemPrompt: "You are the support agent.",
  voice: "Mark",
  temperature: 0.4,
  joinTimeout: "30s",
  vadSettings: { turnEndpointDelay: "0.384s" },
  selectedTools: [{ toolName: "crm", authTokens: { apiKey: secretRef("crm") } }],
  ...overrides,
});
const desired = (overrides: Props = {}): Props => ({
  name: "support",
  callTemplate: template(),
  sharedSecrets: [SIGNING],
  secretValues: { crm: CRM_TOKEN },
  ...overrides,
});

let f: AgentFixture;
afterEach(() => f.emulator.stop());

describe("check", () => {
  beforeEach(async () => {
    f = await fixture();
  });

  it.each<[string, Props, string, RegExp]>([
    ["no name", { name: undefined }, "name", /^name is required$/],
    ["a blank name", { name: "  " }, "name", /must not be only whitespace/],
    ["a name over 64 characters", { name: "a".repeat(65) }, "name", /must be at most 64 characters, got 65/],
    [
      "a temperature over 1",
      { callTemplate: template({ temperature: 1.5 }) },
      "callTemplate.temperature",
      /must be a number from 0 to 1, got 1.5/,
    ],
    [
      "a duration without its unit",
      { callTemplate: template({ joinTimeout: "30" }) },
      "callTemplate.joinTimeout",
      /must be a duration in seconds such as "30s"/,
    ],
    [
      "a value outside an enum",
      { callTemplate: template({ initialOutputMedium: "VIDEO" }) },
      "callTemplate.initialOutputMedium",
      /must be one of MESSAGE_MEDIUM_UNSPECIFIED, /,
    ],
    [
      "a misspelt field",
      { callTemplate: template({ systemPromt: "x" }) },
      // Named in the reason only: a misspelt field could hold anything, a token included, and Pulumi would print it.
      "",
      /^callTemplate.systemPromt is not a known property \(known: name, created, updated, medium/,
    ],
    [
      "a misspelt field in a tool",
      { callTemplate: template({ selectedTools: [{ toolNam: "crm" }] }) },
      "",
      /^callTemplate.selectedTools\[0\].toolNam is not a known property/,
    ],
    [
      "a nested type error",
      { callTemplate: template({ vadSettings: { frameActivationThreshold: "high" } }) },
      "callTemplate.vadSettings.frameActivationThreshold",
      /must be a number, got a string/,
    ],
    ["a read-only field", { callTemplate: template({ created: "2026-01-01T00:00:00Z" }) }, "", /^callTemplate.created is read-only/],
    ["a reference without its value", { secretValues: {} }, "callTemplate", /refers to \[secret:crm\], which secretValues does not hold/],
  ])("refuses %s, naming the property, before any request", async (_name, overrides, property, reason) => {
    const result = await f.provider.check({}, desired(overrides));
    expect(result.failures).toEqual(expect.arrayContaining([expect.objectContaining({ property, reason: expect.stringMatching(reason) })]));
    expect(f.emulator.log).toEqual([]);
  });

  it("refuses a credential in clear in the template, naming it in the reason only and never quoting it", async () => {
    const result = await f.provider.check(
      {},
      desired({ callTemplate: template({ dataConnection: { websocketUrl: "wss://x.test", headers: { Authorization: CRM_TOKEN } } }) }),
    );
    expect(result.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^callTemplate.dataConnection.headers.Authorization must be a secret reference, ultravox.secretRef/),
      },
    ]);
    expect(JSON.stringify(result)).not.toContain(CRM_TOKEN);
  });

  it("refuses a value in clear at every place that takes a credential, and takes one where the API allows it", async () => {
    const header = (value: unknown) => ({ name: "X-Api-Key", location: "PARAMETER_LOCATION_HEADER", value });
    const query = (value: unknown) => ({ name: "key", location: "PARAMETER_LOCATION_QUERY", value });
    const tool = (temporaryTool: Props, extra: Props = {}) => ({
      temporaryTool: { modelToolName: "lookup", client: {}, ...temporaryTool },
      ...extra,
    });
    const clear = await f.provider.check(
      {},
      desired({
        callTemplate: template({
          voiceOverrides: { generic: { headers: { "X-Key": CRM_TOKEN } } },
          medium: { sip: { outgoing: { to: "sip:desk@example.test", password: 42 } } },
          selectedTools: [
            tool({ staticParameters: [header(CRM_TOKEN), query("qKey-in-clear-ok")] }, { parameterOverrides: { region: "eu" } }),
          ],
        }),
        secretValues: {},
      }),
    );
    expect(clear.failures).toEqual([
      { property: "", reason: "callTemplate.medium.sip.outgoing.password must be a string, got a number" },
      {
        property: "",
        reason: expect.stringMatching(
          /^callTemplate.selectedTools\[0\].temporaryTool.staticParameters\[0\].value must be a secret reference/,
        ),
      },
      { property: "", reason: expect.stringMatching(/^callTemplate.voiceOverrides.generic.headers\["X-Key"\] must be a secret reference/) },
    ]);
    expect(JSON.stringify(clear)).not.toContain(CRM_TOKEN);

    const referenced = await f.provider.check(
      {},
      desired({
        callTemplate: template({
          selectedTools: [
            tool({ staticParameters: [header(secretRef("crm")), query(secretRef("q"))] }, { parameterOverrides: { key: secretRef("q") } }),
          ],
        }),
        secretValues: { crm: CRM_TOKEN, q: "qKey-3b9d1f7e0a52" },
      }),
    );
    expect(referenced.failures).toBeUndefined();
  });

  it("refuses a reference where the API takes no credential, naming the places that do", async () => {
    const result = await f.provider.check(
      {},
      desired({
        callTemplate: template({
          systemPrompt: secretRef("crm"),
          selectedTools: [
            { toolName: "crm", authTokens: { apiKey: secretRef("crm") }, parameterOverrides: { filter: { key: secretRef("crm") } } },
          ],
        }),
      }),
    );
    const places = [
      "selectedTools[].authTokens.*",
      "selectedTools[].parameterOverrides.*",
      "selectedTools[].temporaryTool.staticParameters[].value",
      "dataConnection.headers.*",
      "externalVoice.generic.headers.*",
      "voiceOverrides.generic.headers.*",
      "medium.sip.outgoing.password",
    ]
      .map((place) => `callTemplate.${place}`)
      .join(", ");
    expect(result.failures).toEqual([
      {
        property: "callTemplate.systemPrompt",
        reason: `callTemplate.systemPrompt holds a secret reference, which only these fields take: ${places}`,
      },
      {
        property: "callTemplate.selectedTools[0].parameterOverrides.filter",
        reason: `callTemplate.selectedTools[0].parameterOverrides.filter holds a secret reference, which only these fields take: ${places} (as the whole value, not inside an object or a list)`,
      },
    ]);
  });

  it("refuses shared secrets inside the template, and a secret value nothing refers to", async () => {
    const inTemplate = await f.provider.check({}, desired({ callTemplate: template({ sharedSecrets: [SIGNING] }) }));
    expect(inTemplate.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^callTemplate.sharedSecrets belongs in the Agent's sharedSecrets input/) },
    ]);
    const unused = await f.provider.check({}, desired({ secretValues: { crm: CRM_TOKEN, spare: "x-unused-value" } }));
    expect(unused.failures).toEqual([
      { property: "", reason: "secretValues.spare is not referenced by callTemplate (ultravox.secretRef)" },
    ]);
    expect(JSON.stringify([inTemplate, unused])).not.toContain(SIGNING);
  });

  it("accepts a full template, null as not set, and values not known yet", async () => {
    expect(
      (await f.provider.check({}, desired({ callTemplate: template({ languageHint: null, medium: { twilio: {} } }) }))).failures,
    ).toBeUndefined();
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(
      (
        await f.provider.check(
          {},
          desired({ name: UNKNOWN, callTemplate: template({ temperature: UNKNOWN, selectedTools: UNKNOWN }), secretValues: UNKNOWN }),
        )
      ).failures,
    ).toBeUndefined();
  });
});

describe("create, read, update, delete", () => {
  beforeEach(async () => {
    f = await fixture();
  });

  it("creates the agent with its credentials, and keeps them out of everything it records", async () => {
    const created = await f.provider.create(desired());
    const stored = f.emulator.agent(f.apiKey, created.id)!;
    expect(stored.name).toBe("support");
    expect(stored.callTemplate).toMatchObject({
      sharedSecrets: [SIGNING],
      selectedTools: [{ toolName: "crm", authTokens: { apiKey: CRM_TOKEN } }],
    });
    expect(created.outs).toMatchObject({
      agentId: created.id,
      name: "support",
      callTemplate: template(),
      sharedSecrets: [SIGNING],
      secretValues: { crm: CRM_TOKEN },
    });
    // Ultravox's answer, defaults included, with the credential as its reference.
    expect(created.outs.reportedCallTemplate).toMatchObject({
      model: "ultravox-v0.7",
      joinTimeout: "30.000s",
      temperature: 0.4000000059604645,
    });
    const reported = JSON.stringify(created.outs.reportedCallTemplate);
    expect(reported).toContain('"apiKey":"[secret:crm]"');
    expect(reported).not.toContain(CRM_TOKEN);
    expect(reported).not.toContain(SIGNING);
  });

  it("reports no change for what Ultravox gives back in another form, and nothing for its defaults", async () => {
    const created = await f.provider.create(desired());
    const read = await f.provider.read(created.id, created.outs);
    expect(read.inputs?.callTemplate).toEqual(template());
    expect(await f.provider.diff(created.id, read.props!, desired())).toEqual({ changes: false });
    expect(
      await f.provider.diff(
        created.id,
        read.props!,
        desired({ callTemplate: template({ joinTimeout: "30.0s", temperature: 0.4000000059604645 }) }),
      ),
    ).toEqual({ changes: false });
  });

  it("answers any change (a prompt, a dropped field, the name, a secret) as unknown, so the engine shows just what changed; never a replacement", async () => {
    const { outs } = await f.provider.create(desired());
    const { voice: _voice, ...withoutVoice } = template();
    for (const change of [
      { callTemplate: template({ systemPrompt: "New prompt." }) },
      { callTemplate: withoutVoice },
      { name: "support-2" },
      { sharedSecrets: ["sigSec-rotated-77aa"] },
      { secretValues: { crm: "crmTok-rotated-19bb" } },
    ]) {
      expect(await f.provider.diff("id", outs, desired(change))).toEqual({ changes: undefined });
    }
    // A value not known yet is a plain change; nothing at all, none.
    expect(await f.provider.diff("id", outs, desired({ name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }))).toEqual({ changes: true });
    expect(await f.provider.diff("id", outs, desired())).toEqual({ changes: false });
  });

  it("finds a console edit at the field it touched, and a credential changed outside Pulumi without its value", async () => {
    const created = await f.provider.create(desired());
    const stored = f.emulator.agent(f.apiKey, created.id)!;
    const tools = [{ toolName: "crm", authTokens: { apiKey: "crmTok-console-set-0c1d" } }];
    f.emulator.changeAgentOutOfBand(f.apiKey, created.id, {
      callTemplate: { systemPrompt: "Edited in the console.", model: "other-model", selectedTools: tools },
    });
    expect(stored.callTemplate.model).toBeUndefined();
    const read = await f.provider.read(created.id, created.outs);
    expect(read.inputs?.callTemplate).toEqual(
      template({
        systemPrompt: "Edited in the console.",
        selectedTools: [{ toolName: "crm", authTokens: { apiKey: "[secret:crm, changed outside Pulumi]" } }],
      }),
    );
    expect(JSON.stringify(read)).not.toContain("crmTok-console");
    expect((await f.provider.diff(created.id, read.props!, desired())).changes).toBeUndefined();
  });

  it("reads an agent deleted outside Pulumi as gone, and deletes (a missing one too)", async () => {
    const created = await f.provider.create(desired());
    f.emulator.clearLog();
    await f.provider.delete(created.id, created.outs);
    expect(f.emulator.calls.map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 204"]);
    await expect(f.provider.delete(created.id, created.outs)).resolves.toBeUndefined();
    expect(await f.provider.read(created.id, created.outs)).toEqual({ id: "" });
  });

  it("reads an agent it does not manage (a get) with the whole template as reported", async () => {
    const agentId = f.emulator.addAgentOutOfBand(f.apiKey, { name: "legacy", callTemplate: { systemPrompt: "Hi." } });
    const read = await f.provider.read(agentId, {});
    expect(read).toMatchObject({
      id: agentId,
      props: { agentId, name: "legacy", callTemplate: { systemPrompt: "Hi.", model: "ultravox-v0.7" } },
    });
  });

  it("names the API's field errors by the program's property paths", async () => {
    const body = { call_template: { selected_tools: [{}, { tool_name: ["No tool named crm2 exists."] }] } };
    f.emulator.inject({ kind: "status", status: 400, body }, { method: "POST" });
    await expect(f.provider.create(desired())).rejects.toThrow(
      /400 Bad Request\): callTemplate\.selectedTools\[1\]\.toolName: No tool named crm2 exists\./,
    );
  });

  it("says what to do when the name is taken", async () => {
    f.emulator.addAgentOutOfBand(f.apiKey, { name: "support" });
    await expect(f.provider.create(desired())).rejects.toThrow(
      /an agent named "support" already exists in this Ultravox account \(agent names are unique\)\. If you renamed this resource .*aliases: \[\{ name: "<old name>" \}\].*Agent\.get\(name, id\)/,
    );
  });
});

describe.each<[AgentPatchMode, string[]]>([
  ["merge", ["PATCH"]],
  ["replace", ["PATCH"]],
  // A PATCH that ignores null keeps the dropped field: the template is cleared and written again.
  // The kept fields are sent at their proto3 defaults ("", false), which Ultravox holds as not set.
  ["merge-ignoring-null", ["PATCH", "PATCH"]],
])("a PATCH that does %s", (mode, requests) => {
  beforeEach(async () => {
    f = await fixture(mode);
  });

  it("returns a field the program dropped to Ultravox's default, and keeps the rest", async () => {
    const created = await f.provider.create(
      desired({ callTemplate: template({ model: "fixie-ai/ultravox-70B", recordingEnabled: true }) }),
    );
    f.emulator.clearLog();
    const updated = await f.provider.update(created.id, created.outs, desired({ callTemplate: template({ systemPrompt: "Shorter." }) }));
    expect(f.emulator.writes().map((r) => r.method)).toEqual(requests);
    const stored = f.emulator.agent(f.apiKey, created.id)!.callTemplate;
    expect(stored).toMatchObject({ systemPrompt: "Shorter.", voice: "Mark", sharedSecrets: [SIGNING] });
    expect(stored.model).toBeUndefined();
    expect(stored.recordingEnabled).toBeUndefined();
    expect(updated.outs.reportedCallTemplate).toMatchObject({ model: "ultravox-v0.7" });
    expect(
      (await f.provider.diff(created.id, updated.outs, desired({ callTemplate: template({ systemPrompt: "Shorter." }) }))).changes,
    ).toBe(false);
  });
});
