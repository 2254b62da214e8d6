/**
 * What Ultravox's document states only in prose, checked at preview through the Agent's check (the
 * generated schemas with provider/core/prose-rules.ts): the inputs the API refuses are refused,
 * naming the property, and the inputs it takes are taken.
 */
import { agentSpec } from "../../provider/agent/spec";
import { SpecProvider } from "../../provider/core/spec-provider";
import { UNKNOWN } from "../../provider/core/values";

type Props = Record<string, unknown>;

const provider = new SpecProvider(agentSpec);
beforeAll(() =>
  provider.configure({
    config: { get: (key: string) => (key === "ultravox:apiKey" ? "emuk0000.0123456789abcdef0123456789abcdef" : undefined) },
  }),
);

const check = async (callTemplate: Props, name = "support") => (await provider.check({}, { name, callTemplate })).failures ?? [];
const reasons = async (callTemplate: Props, name?: string) => (await check(callTemplate, name)).map((f) => f.reason);

it.each<[string, Props, RegExp]>([
  [
    "voice together with externalVoice",
    { voice: "Mark", externalVoice: { elevenLabs: { voiceId: "v" } } },
    /^callTemplate.externalVoice must not be set together with voice/,
  ],
  [
    "a selected tool with both toolId and toolName",
    { selectedTools: [{ toolId: "t1", toolName: "crm" }] },
    /^callTemplate.selectedTools\[0\].toolName must not be set together with toolId/,
  ],
  [
    "a selected tool with neither",
    { selectedTools: [{ nameOverride: "x" }] },
    /^callTemplate.selectedTools\[0\] needs one of toolId, toolName, temporaryTool/,
  ],
  [
    "two call media",
    { medium: { twilio: {}, plivo: {} } },
    /^callTemplate.medium.plivo must not be set together with twilio: at most one call medium/,
  ],
  [
    "an external voice of two providers",
    { externalVoice: { cartesia: { voiceId: "a" }, lmnt: { voiceId: "b" } } },
    /^callTemplate.externalVoice.lmnt must not be set together with cartesia/,
  ],
  [
    "a modelToolName off its pattern",
    { selectedTools: [{ temporaryTool: { modelToolName: "look up!", client: {} } }] },
    /^callTemplate.selectedTools\[0\].temporaryTool.modelToolName must be 1 to 64 letters, digits, _ or - \(\^\[a-zA-Z0-9_-\]\{1,64\}\$\), got "look up!"/,
  ],
  [
    "an int32 beyond its format",
    { medium: { serverWebSocket: { inputSampleRate: 3_000_000_000 } } },
    /^callTemplate.medium.serverWebSocket.inputSampleRate must be at most 2147483647 \(a 32-bit integer\), got 3000000000/,
  ],
  [
    "a float beyond float32",
    { externalVoice: { elevenLabs: { voiceId: "v", speed: 1e40 } } },
    /^callTemplate.externalVoice.elevenLabs.speed must be at most 3.4028234663852886e\+38, got 1e\+40/,
  ],
  ["a temperature over 1", { temperature: 1.5 }, /^callTemplate.temperature must be a number from 0 to 1, got 1.5/],
  [
    "a VAD threshold under 0.1",
    { vadSettings: { frameActivationThreshold: 0.05 } },
    /^callTemplate.vadSettings.frameActivationThreshold must be a number from 0.1 to 1, got 0.05/,
  ],
])("refuses %s, naming the property", async (_name, template, reason) => {
  expect(await reasons(template)).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
});

it("takes what the API takes: one voice, one medium, a temporary tool with one implementation, a float32, an int32", async () => {
  expect(
    await check({
      externalVoice: { elevenLabs: { voiceId: "v", speed: 1.2 } },
      medium: { serverWebSocket: { inputSampleRate: 48_000 } },
      selectedTools: [{ toolName: "crm" }, { temporaryTool: { modelToolName: "look_up-2", client: {} } }],
      temperature: 1,
    }),
  ).toEqual([]);
});

it("counts a length in characters as the API does (code points, not UTF-16 units)", async () => {
  expect(await check({ systemPrompt: "x" }, "🤖".repeat(64))).toEqual([]);
  expect(await reasons({ systemPrompt: "x" }, "🤖".repeat(65))).toEqual(["name must be at most 64 characters, got 65"]);
});

it("lets a value not known yet (preview) pass wherever it appears, rules included", async () => {
  expect(
    await check({
      voice: UNKNOWN,
      externalVoice: UNKNOWN,
      temperature: UNKNOWN,
      medium: { serverWebSocket: { inputSampleRate: UNKNOWN } },
      selectedTools: [{ toolId: UNKNOWN }, UNKNOWN, { temporaryTool: { modelToolName: UNKNOWN, client: {} } }],
      vadSettings: UNKNOWN,
    }),
  ).toEqual([]);
  expect(await check(UNKNOWN as unknown as Props, UNKNOWN)).toEqual([]);
});
