/**
 * `npm run emulator`: the Ultravox API emulator on a port, printing its URL and a key that works.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../harness/installed-app";

describe("npm run emulator", () => {
  it("prints its URL and a ready-made API key that works", async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "build", "emulator", "main.js"), "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const out = await new Promise<string>((resolve) => {
        let text = "";
        child.stdout.on("data", (d: Buffer) => {
          text += d.toString();
          if (text.includes("Ctrl-C")) resolve(text);
        });
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const apiKey = /API key of its account: (\S+)/.exec(out)?.[1];
      expect(out).toContain(`pulumi config set ultravox:baseUrl ${url}`);
      expect(apiKey).toMatch(/^[a-z0-9]{8}\.[0-9a-f]{32}$/);
      const res = await fetch(`${url}/api/telephony_configs/plivo`, { headers: { "x-api-key": apiKey! } });
      expect(res.status).toBe(404);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
