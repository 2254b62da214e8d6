/**
 * The Agent's call-template rules: what counts as the same value, what a refresh records, what a
 * removed field becomes, and how credentials stay out of the state.
 */
import {
  durationNanos,
  equivalent,
  maskCredentials,
  overlay,
  project,
  referencedNames,
  refreshed,
  removals,
  removedPaths,
  resolveCredentials,
  secretRef,
} from "../../provider/agent/template";

describe("equivalence", () => {
  it("takes a float32 round trip, another spelling of a duration, key order and an absent default as the same", () => {
    expect(equivalent(0.4, 0.4000000059604645)).toBe(true);
    expect(equivalent(0.4, 0.41)).toBe(false);
    expect(equivalent("30s", "30.000s")).toBe(true);
    expect(equivalent("0.5s", "0.500000000s")).toBe(true);
    expect(equivalent("30s", "31s")).toBe(false);
    expect(durationNanos("-1.5s")).toBe(-1_500_000_000n);
    expect(equivalent({ a: 1, b: { c: "x" } }, { b: { c: "x" }, a: 1 })).toBe(true);
    for (const absent of [false, 0, "", [], {}, { agent: {} }, null]) expect(equivalent(absent, undefined)).toBe(true);
    expect(equivalent(true, undefined)).toBe(false);
    expect(equivalent(["a", "b"], ["b", "a"])).toBe(false);
  });
});

describe("refresh", () => {
  const recorded = { systemPrompt: "You help.", temperature: 0.4, vadSettings: { turnEndpointDelay: "0.384s" }, recordingEnabled: false };
  const remote = {
    systemPrompt: "You help.",
    temperature: 0.4000000059604645,
    vadSettings: { turnEndpointDelay: "0.384s", minimumTurnDuration: "0.000s" },
    model: "ultravox-v0.7",
    joinTimeout: "30.000s",
    created: "2026-11-28T10:00:00Z",
  };

  it("sees only the fields the program sets, and keeps the recorded spelling where Ultravox holds the same", () => {
    expect(project(recorded, remote)).toEqual({
      systemPrompt: "You help.",
      temperature: 0.4000000059604645,
      vadSettings: { turnEndpointDelay: "0.384s" },
    });
    expect(refreshed(recorded, project(recorded, remote))).toEqual(recorded);
  });

  it("records a console edit at the field it touched, and drops a field Ultravox holds at its default", () => {
    const edited = { ...remote, systemPrompt: "Edited in the console.", vadSettings: { turnEndpointDelay: "0.512s" } };
    expect(refreshed(recorded, project(recorded, edited))).toEqual({
      ...recorded,
      systemPrompt: "Edited in the console.",
      vadSettings: { turnEndpointDelay: "0.512s" },
    });
    const withTools = { ...recorded, recordingEnabled: true, selectedTools: [{ toolName: "a" }] };
    const remoteWithout = { ...remote, selectedTools: [{ toolName: "a", nameOverride: "x" }, { toolName: "b" }] };
    // recordingEnabled: Ultravox holds the default (absent): the field is dropped, so the preview shows it coming back.
    const { recordingEnabled: _dropped, ...rest } = recorded;
    expect(refreshed(withTools, project(withTools, remoteWithout))).toEqual({
      ...rest,
      selectedTools: [{ toolName: "a" }, { toolName: "b" }],
    });
  });
});

describe("removal", () => {
  it("nulls every field the program stopped setting, through nested objects but not into lists", () => {
    const before = {
      systemPrompt: "p",
      voice: "Mark",
      vadSettings: { turnEndpointDelay: "1s", minimumTurnDuration: "0s" },
      selectedTools: [{ toolName: "a" }],
    };
    const after = { systemPrompt: "p", vadSettings: { turnEndpointDelay: "1s" } };
    const removed = removals(before, after);
    expect(removed).toEqual({ voice: null, vadSettings: { minimumTurnDuration: null }, selectedTools: null });
    expect(removedPaths(removed)).toEqual([["voice"], ["vadSettings", "minimumTurnDuration"], ["selectedTools"]]);
    expect(overlay(after, removed)).toEqual({
      systemPrompt: "p",
      voice: null,
      vadSettings: { turnEndpointDelay: "1s", minimumTurnDuration: null },
      selectedTools: null,
    });
  });
});

describe("credentials", () => {
  const template = {
    systemPrompt: "p",
    selectedTools: [{ toolName: "crm", authTokens: { apiKey: secretRef("crm") } }, { toolName: "calendar" }],
    dataConnection: { websocketUrl: "wss://example.test", headers: { Authorization: secretRef("ws") } },
  };
  const values = { crm: "crmTok-7d1e0c9b4a26f385", ws: "Bearer wsTok-5f2a8c1e9d04b7" };

  it("are references in the template, values only in what is sent", () => {
    expect(referencedNames(template).sort()).toEqual(["crm", "ws"]);
    const sent = resolveCredentials(template, values) as typeof template;
    expect(sent.selectedTools[0].authTokens).toEqual({ apiKey: values.crm });
    expect(sent.dataConnection.headers).toEqual({ Authorization: values.ws });
    expect(sent.systemPrompt).toBe("p");
  });

  it("come back from Ultravox as their references, marked when changed outside Pulumi, never as values", () => {
    const remote = resolveCredentials(template, { ...values, crm: "crmTok-set-in-console-92" });
    const masked = JSON.stringify(maskCredentials(remote, template, values));
    expect(masked).toContain('"[secret:crm, changed outside Pulumi]"');
    expect(masked).toContain('"[secret:ws]"');
    expect(masked).not.toContain("crmTok");
    expect(masked).not.toContain("wsTok");
    // A credential the program never referenced is hidden too.
    expect(maskCredentials({ dataConnection: { headers: { X: "tokX-0a9b8c7d6e5f" } } }, undefined, {})).toEqual({
      dataConnection: { headers: { X: "[secret]" } },
    });
  });
});
