/**
 * `npm run demo` runs to the end, exits 0, and shows each step as Pulumi would, secrets as [secret].
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
    at("    + 1 to create"),
    at("    + 1 created"),
    at("(0 writes to the API)"),
    at("$ pulumi refresh --yes --diff"),
    at("      ~ authToken                  : [secret] => [secret]"),
    at("$ pulumi preview --diff"),
    at("    ~ 1 to update"),
    at("plivo updated [diff: ~authToken,callCreationAllowedAgentIds]"),
    at("$ pulumi destroy --yes"),
    at("    - 2 deleted"),
    at("Leak scan: the token and the API key appear nowhere outside encrypted state."),
  ];
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  expect(out).not.toMatch(/tokD-2ea68ef786e4d3cea27d|tokX-26934b484e73cf575dca/);
});
