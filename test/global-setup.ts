/**
 * Makes one scratch folder for the whole test run (removed by global-teardown.ts) and installs the
 * packed package once into a program folder the engine-level tests share (see
 * harness/installed-app.ts). dist/ and build/ come from `npm run build`, which `npm test` runs first.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installApp } from "../harness/installed-app";

export default function globalSetup(): void {
  process.env.UV_TMP_ROOT ??= mkdtempSync(join(tmpdir(), "pulumi-ultravox-test-"));
  process.env.UV_TEST_APP_DIR ??= installApp().dir;
}
