/**
 * The Agent's call-template rules: what counts as the same value, what a refresh records, what a
 * removed field becomes, and how credentials stay out of the state.
 */
import { CREDENTIAL_PLACES, keptRemovedFields, overlay, removals } from "../../provider/agent/template";
import { durationNanos, equivalent, project, refreshed } from "../../provider/core/compare";
import {
  describePlace,
  maskCredentials as mask,
  referencedNames as names,
  resolveReferences,
  secretRef,
} from "../../provider/core/references";
import { componentSchemas } from "../../scripts/generate-api";

const referencedNames = (template: unknown) => names(CREDENTIAL_PLACES, template);
const resolveCredentials = (template: unknown, values: Record<string, string>) => resolveReferences(CREDENTIAL_PLACES, template, values);
const maskCredentials = (remote: unknown, recorded: unknown, values: Record<string, string>) =>
  mask(CREDENTIAL_PLACES, remote, recorded, values);

interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
}

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
    // Ultravox kept two of them (a PATCH that ignores null), and cleared the third.
    const answer = { ...after, voice: "Mark", vadSettings: { turnEndpointDelay: "1.000s" } };
    expect(keptRemovedFields(before, after, answer)).toEqual([["voice"]]);
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

describe("credential places", () => {
  const values = { crm: "crmTok-7d1e0c9b4a26f385", hdr: "hdrTok-2c8e5a0f7b19d463", sip: "sipPass-9b3f6d0c2e7a", q: "qKey-4e1a9c7b0d38" };
  const template = {
    medium: { sip: { outgoing: { to: "sip:desk@example.test", username: "agent", password: secretRef("sip") } } },
    externalVoice: { generic: { url: "https://tts.example.test", headers: { Authorization: secretRef("hdr") } } },
    voiceOverrides: { generic: { headers: { "X-Key": secretRef("hdr") } } },
    dataConnection: { websocketUrl: "wss://x.test", headers: { Authorization: secretRef("hdr") } },
    selectedTools: [
      {
        toolName: "crm",
        authTokens: { apiKey: secretRef("crm") },
        parameterOverrides: { region: "eu", apiKey: secretRef("q") },
        temporaryTool: {
          staticParameters: [
            { name: "X-Api-Key", location: "PARAMETER_LOCATION_HEADER", value: secretRef("crm") },
            { name: "key", location: "PARAMETER_LOCATION_QUERY", value: secretRef("q") },
            { name: "mode", location: "PARAMETER_LOCATION_BODY", value: "fast" },
          ],
        },
      },
    ],
  };

  it("each takes a reference: resolved in what is sent, the reference again in what is stored", () => {
    expect(referencedNames(template).sort()).toEqual(["crm", "crm", "hdr", "hdr", "hdr", "q", "q", "sip"]);
    const sent = resolveCredentials(template, values);
    const text = JSON.stringify(sent);
    for (const value of Object.values(values)) expect(text).toContain(value);
    expect(text).not.toContain("[secret:");
    expect(maskCredentials(sent, template, values)).toEqual(template);
  });

  it("keep a plain value only where the API allows one and the program wrote it; any other value is hidden", () => {
    const remote = resolveCredentials(template, values) as typeof template;
    const tool = remote.selectedTools[0];
    tool.parameterOverrides.region = "us-set-in-console";
    tool.temporaryTool.staticParameters.push({ name: "token", location: "PARAMETER_LOCATION_QUERY", value: "tok-console-5a2e" });
    const masked = maskCredentials(remote, template, values) as typeof template;
    expect(masked.selectedTools[0].temporaryTool.staticParameters[2].value).toBe("fast");
    expect(masked.selectedTools[0].parameterOverrides.region).toBe("[secret]");
    expect(masked.selectedTools[0].temporaryTool.staticParameters[3].value).toBe("[secret]");
  });

  it("cover every field of the API document that names a password, token, key, secret or header", () => {
    const schemas = componentSchemas() as Record<string, SchemaNode>;
    const paths: string[] = [];
    const walk = (node: SchemaNode, path: string, seen: string[]): void => {
      const ref = node.$ref ?? node.allOf?.[0]?.$ref;
      if (ref) {
        const name = ref.replace("#/components/schemas/", "");
        if (!seen.includes(name)) walk(schemas[name], path, [...seen, name]);
        return;
      }
      if (node.items) walk(node.items, `${path}[]`, seen);
      if (node.additionalProperties) paths.push(`${path}.*`);
      if (typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}.*`, seen);
      for (const [key, inner] of Object.entries(node.properties ?? {})) {
        const at = path === "" ? key : `${path}.${key}`;
        paths.push(at);
        walk(inner, at, seen);
      }
    };
    walk(schemas["ultravox.v1.CallTemplate"], "", []);
    const places = CREDENTIAL_PLACES.map(describePlace);
    expect(places.filter((place) => !paths.includes(place))).toEqual([]);
    // Fields so named that hold no credential the program gives.
    const requirement = "selectedTools[].temporaryTool.requirements.httpSecurityOptions.options[]";
    const notCredentials = [
      "sharedSecrets", // the Agent's own secret input
      // A security requirement names where a key goes; the key itself is in authTokens.
      ...["headerApiKey", "queryApiKey", "httpAuth"].map((k) => `${requirement}.requirements.*.${k}`),
      `${requirement}.ultravoxCallTokenRequirement`, // a token Ultravox adds itself
    ];
    const credentialNamed = paths.filter((path) => /(password|token|key|secret|header|auth|credential)[^.]*$/i.test(path));
    const uncovered = credentialNamed.filter(
      (path) => !notCredentials.includes(path) && !places.some((place) => place === path || place.startsWith(`${path}.`)),
    );
    expect(uncovered).toEqual([]);
    // The location that makes a static parameter a header.
    expect(JSON.stringify(schemas["ultravox.v1.StaticParameter"])).toContain("PARAMETER_LOCATION_HEADER");
  });

  it("secretRef refuses a name a reference cannot hold, saying which names it takes, without quoting it", () => {
    expect(secretRef("crm.prod_2-a")).toBe("[secret:crm.prod_2-a]");
    for (const bad of ["crm:prod", "", "a b", "crmTok-secret]value"]) {
      expect(() => secretRef(bad)).toThrow(TypeError);
      expect(() => secretRef(bad)).toThrow('a name is letters, digits, "_", "." and "-"');
      expect(() => secretRef(bad)).toThrow(/got a string with other characters/);
    }
    expect(() => secretRef("crmTok-secret]value")).not.toThrow(/crmTok/);
    expect(() => secretRef({} as string)).toThrow(/not a plain string/);
  });
});
