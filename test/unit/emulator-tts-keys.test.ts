/**
 * The emulator's TTS API keys (`/api/accounts/me/tts_api_keys`) behave as the API document
 * describes: each vendor's key write-only, reported only by its prefix, cleared with null (a blank
 * is refused), a PATCH changing only the vendors it names; out-of-band rotation for tests.
 */
import { UltravoxEmulator } from "../../emulator/server";
import { setTtsKey, ttsKeysRoute } from "../../emulator/tts-keys";
import { emulatorSuite } from "../emulator-suite";

const PATH = "/api/accounts/me/tts_api_keys";
const ELEVEN = "elevE-0001-fake-tts-key";
const CARTESIA = "cartE-0002-fake-tts-key";
const GOOGLE = '{"type": "service_account", "private_key": "emu-fake"}';

const suite = emulatorSuite();
const { call } = suite;

describe("emulator TTS API keys", () => {
  it("reports each key set only by its prefix, and no vendor without one", async () => {
    expect(await call("GET", PATH)).toEqual({ status: 200, body: {} });
    const patched = await call("PATCH", PATH, { elevenLabs: ELEVEN, google: GOOGLE, someVendor: "x" });
    const prefix = suite.emulator.prefixOf.bind(suite.emulator);
    expect(patched).toEqual({ status: 200, body: { elevenLabs: { prefix: prefix(ELEVEN) }, google: { prefix: prefix(GOOGLE) } } });
    expect(await call("GET", PATH)).toEqual(patched);
    expect(JSON.stringify(suite.emulator.log.map((r) => r.response))).not.toMatch(/elevE-0001-fake|private_key/);
    // Each account has keys of its own.
    expect((await call("GET", PATH, undefined, suite.emulator.addAccount())).body).toEqual({});
  });

  it("keeps a vendor the PATCH leaves out, clears one sent as null, and refuses a blank", async () => {
    await call("PATCH", PATH, { elevenLabs: ELEVEN, cartesia: CARTESIA });
    expect((await call("PATCH", PATH, { cartesia: null, lmnt: "lmntE-0003-fake" })).body).toEqual({
      elevenLabs: { prefix: suite.emulator.prefixOf(ELEVEN) },
      lmnt: { prefix: suite.emulator.prefixOf("lmntE-0003-fake") },
    });
    const before = (await call("GET", PATH)).body;
    expect(await call("PATCH", PATH, { elevenLabs: "", inworld: 5 })).toEqual({
      status: 400,
      body: { elevenLabs: ["This field may not be blank."], inworld: ["Not a valid string."] },
    });
    expect((await call("GET", PATH)).body).toEqual(before);
  });

  it("answers 405 for the methods the document does not list, and 400 for a body that is not an object", async () => {
    for (const method of ["POST", "PUT", "DELETE"])
      expect((await call(method, PATH, method === "DELETE" ? undefined : {})).status).toBe(405);
    expect(await call("PATCH", PATH, "null")).toEqual({ status: 400, body: { detail: "JSON parse error - expected an object." } });
  });

  it("shows a key rotated or removed behind the provider's back", async () => {
    await call("PATCH", PATH, { elevenLabs: ELEVEN, respeecher: "respE-0004-fake" });
    const keys = suite.emulator.objects(suite.key, ttsKeysRoute);
    setTtsKey(keys, "elevenLabs", "elevF-0005-fake-rotated");
    setTtsKey(keys, "respeecher", null);
    expect((await call("GET", PATH)).body).toEqual({ elevenLabs: { prefix: suite.emulator.prefixOf("elevF-0005-fake-rotated") } });
    expect(() => setTtsKey(keys, "lmnt", " ")).toThrow(/lmnt.*blank/);
  });

  it("reports prefixes as the emulator's tokenPrefix option makes them", async () => {
    const emulator = await new UltravoxEmulator({ tokenPrefix: (token) => token.slice(0, 3) }).start();
    try {
      const key = emulator.addAccount();
      const res = await fetch(`${emulator.url}${PATH}`, {
        method: "PATCH",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify({ cartesia: CARTESIA }),
      });
      expect(await res.json()).toEqual({ cartesia: { prefix: "car" } });
    } finally {
      await emulator.stop();
    }
  });
});
