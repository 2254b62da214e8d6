/**
 * `npm run demo` runs to the end, exits 0, and shows each step as Pulumi would, secrets as [secret];
 * every agent id it shows is one of an agent Ultravox holds.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../harness/installed-app";

it("prints create, no changes, drift found, the preview, the update and destroy", () => {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, "build", "scripts", "demo.js")], { encoding: "utf8", timeout: 120_000 });
  expect(run.status).toBe(0);
  const out = run.stdout;
  const at = (text: string) => {
    const i = out.indexOf(text);
    expect({ text, found: i >= 0 }).toEqual({ text, found: true });
    return i;
  };
  const steps = [
    at("$ pulumi preview"),
    // A first deployment creates the stack resource too.
    at(" +  pulumi:pulumi:Stack ultravox-app-dev create"),
    at("Resources:\n    + 3 to create\n(0 requests to the API)"),
    at("Resources:\n    + 3 created\nUltravox holds"),
    at("Resources:\n    3 unchanged\n(0 writes to the API)"),
    at("$ pulumi refresh --yes --diff"),
    at('          ~ systemPrompt: "You are the support agent of Example Corp. Answer briefly and kindly." => "You are a pirate."'),
    at("      ~ authToken                  : [secret] => [secret]"),
    at("$ pulumi preview --diff"),
    at('          ~ systemPrompt: "You are a pirate." => "You are the support agent of Example Corp. Answer in one sentence."'),
    at("    ~ 2 to update"),
    at("support updated [diff: ~callTemplate]"),
    at("plivo updated [diff: ~authToken,callCreationAllowedAgentIds]"),
    at("$ pulumi destroy --yes"),
    at("    - 3 deleted"),
    at("Leak scan: the tokens and the API key appear nowhere outside encrypted state."),
  ];
  expect(steps).toEqual([...steps].sort((a, b) => a - b));

  // The agents the demo says Ultravox holds, by id; the pull request lets Plivo calls reach a second one.
  const held = new Map([...out.matchAll(/the agent "([^"]+)" \(([0-9a-f-]{36})\)/g)].map((m) => [m[2], m[1]]));
  const added = [...out.slice(out.indexOf("$ pulumi preview --diff")).matchAll(/\+ \[\d\]: "([0-9a-f-]{36})"/g)].map((m) => m[1]);
  expect(added.map((id) => held.get(id))).toEqual(["support", "sales"]);
  const shown = new Set(out.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g));
  expect([...shown].filter((id) => !held.has(id))).toEqual([]);
  expect(out).not.toMatch(/tokD-2ea68ef786e4d3cea27d|tokX-26934b484e73cf575dca|crmD-7a0c3e5b91d24f68/);
});
