/**
 * The contract with the real API: every request body the provider sends, and every answer the
 * emulator gives, validates against Ultravox's own OpenAPI document (../shared/reference), read by Ajv. So
 * neither the provider nor the emulator can drift from the API unnoticed: no field the API does
 * not define, no read-only field in a request, no write-only field in an answer, the right types
 * and limits.
 */
import { agentSpec } from "../../provider/agent/spec";
import { secretRef } from "../../provider/core/references";
import { SpecProvider } from "../../provider/core/spec-provider";
import { withoutNulls } from "../../provider/core/values";
import { UltravoxEmulator, type AgentPatchMode } from "../../emulator/server";
import { CARRIERS, secretValues } from "../carriers";
import { ApiContract } from "../openapi";
import { AGENT_A, AGENT_B, desired, fixture } from "../support";

const contract = new ApiContract();

describe.each(CARRIERS)("$resource", (carrier) => {
  it("sends and gets only what the API document defines, through a whole life", async () => {
    const f = await fixture({ carrier });
    try {
      const created = await f.provider.create(desired(carrier));
      const updated = await f.provider.update(
        carrier.name,
        created.outs,
        desired(carrier, { callCreationAllowedAgentIds: [AGENT_A, AGENT_B], callCreationAllowAllAgents: false }),
      );
      for (const s of carrier.secrets) f.emulator.changeOutOfBand(f.apiKey, { [s.field]: carrier.values[s.field].console }, carrier.name);
      const read = await f.provider.read(carrier.name, updated.outs);
      // ignoreChanges on the drifted secrets: the PATCH carries none of them.
      const marked = Object.fromEntries(carrier.secrets.map((s) => [s.field, read.inputs![s.field]]));
      await f.provider.update(carrier.name, read.props!, desired(carrier, { ...marked, requestContextMapping: {} }));
      await f.provider.update(
        carrier.name,
        read.props!,
        desired(carrier, { ...secretValues(carrier, "next"), callCreationAllowedAgentIds: [], callCreationAllowAllAgents: true }),
      );
      await f.provider.delete(carrier.name, read.props!);

      expect(f.emulator.calls.map((r) => r.method)).toEqual(["PATCH", "POST", "PATCH", "GET", "PATCH", "PATCH", "DELETE"]);
      expect(contract.violations(f.emulator.log)).toEqual([]);
    } finally {
      await f.emulator.stop();
    }
  });
});

/**
 * A call template is a protobuf message, and the protobuf JSON mapping accepts null for any field
 * ("treated as the default value"): the Agent clears a field it no longer sets that way. The
 * document, generated from the messages, does not mark each field nullable; so nulls inside
 * `callTemplate` are taken out before the rest of a request is checked.
 */
function withoutTemplateNulls(body: unknown): unknown {
  const request = body as { callTemplate?: unknown };
  return request && typeof request.callTemplate === "object" && request.callTemplate !== null
    ? { ...request, callTemplate: withoutNulls(request.callTemplate) }
    : body;
}

describe.each<AgentPatchMode>(["merge", "merge-ignoring-null", "replace"])("Agent, against a PATCH that does %s", (agentPatch) => {
  it("sends and gets only what the API document defines, through a whole life", async () => {
    const emulator = await new UltravoxEmulator({ agentPatch }).start();
    const apiKey = emulator.addAccount();
    try {
      const stack: Record<string, string> = { "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url };
      const provider = new SpecProvider(agentSpec);
      await provider.configure({ config: { get: (key: string) => stack[key] } });
      const template = {
        systemPrompt: "p",
        temperature: 0.4,
        voice: "Mark",
        vadSettings: { turnEndpointDelay: "0.384s", frameActivationThreshold: 0.2 },
        selectedTools: [{ toolName: "crm", authTokens: { k: secretRef("crm") } }],
        inactivityMessages: [{ duration: "30s", message: "Still there?", endBehavior: "END_BEHAVIOR_HANG_UP_SOFT" }],
      };
      const secrets = { sharedSecrets: ["sigSec-c0ffee12d34e56"], secretValues: { crm: "crmTok-0d1e2f3a4b5c6d" } };
      const created = await provider.create({ name: "a", callTemplate: template, ...secrets });
      const { voice: _voice, vadSettings: _vad, ...smaller } = template;
      const updated = await provider.update(created.id, created.outs, {
        name: "b",
        callTemplate: { ...smaller, voice: "Jessica" },
        ...secrets,
      });
      const read = await provider.read(created.id, updated.outs);
      await provider.update(created.id, read.props!, { name: "b", callTemplate: smaller });
      await provider.delete(created.id, read.props!);

      expect(emulator.calls.map((r) => r.method)).toEqual(
        agentPatch === "merge-ignoring-null"
          ? // Removing vadSettings (a message) clears and rewrites the template; removing voice sends it as "".
            ["POST", "PATCH", "PATCH", "PATCH", "GET", "PATCH", "PATCH", "DELETE"]
          : ["POST", "PATCH", "GET", "PATCH", "DELETE"],
      );
      const exchanges = emulator.calls.map((r) => ({ ...r, body: withoutTemplateNulls(r.body) }));
      expect(contract.violations(exchanges)).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});

describe("the contract check itself", () => {
  const path = "/api/telephony_configs/plivo";
  it("refuses a field the API does not define, and a read-only one, in a request", () => {
    expect(contract.checkRequest("PATCH", path, { authId: "MA1", authTokn: "x" }).join()).toMatch(/additional properties \(authTokn\)/);
    expect(contract.checkRequest("PATCH", path, { authTokenPrefix: { prefix: "ab" } }).join()).toMatch(
      /additional properties \(authTokenPrefix\)/,
    );
    expect(contract.checkRequest("PATCH", path, { callCreationAllowedAgentIds: ["x"] }).join()).toMatch(/must match format "uuid"/);
    expect(contract.checkRequest("POST", path, { authId: "MA1" }).join()).toMatch(/must have required property 'authToken'/);
  });

  it("finds the path template of a path, and checks the document's IPv4 networks", () => {
    expect(contract.templateOf(`/api/webhooks/${AGENT_A}/`)).toBe("/api/webhooks/{webhook_id}");
    expect(contract.templateOf("/api/sip/registrations")).toBe("/api/sip/registrations");
    expect(() => contract.templateOf("/api/nothing")).toThrow(/no path/);
    expect(contract.checkRequest("PATCH", "/api/sip", { allowedCidrRanges: ["10.0.0.0/8"] })).toEqual([]);
    expect(contract.checkRequest("PATCH", "/api/sip", { allowedCidrRanges: ["10.0.0.0"] }).join()).toMatch(/must match format "ipv4-cidr"/);
  });

  it("refuses a write-only field, or a missing required one, in an answer", () => {
    const answer = { authId: "MA1", authTokenPrefix: { prefix: "ab" } };
    expect(contract.checkResponse("GET", path, 200, answer)).toEqual([]);
    expect(contract.checkResponse("GET", path, 200, { ...answer, authToken: "x" }).join()).toMatch(/additional properties \(authToken\)/);
    expect(contract.checkResponse("GET", path, 200, { authId: "MA1" }).join()).toMatch(/must have required property 'authTokenPrefix'/);
  });
});
