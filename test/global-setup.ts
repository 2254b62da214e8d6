/**
 * Installs the packed package once per test run into a program folder the engine-level tests
 * share (see harness/installed-app.ts). dist/ and build/ come from `npm run build`, which
 * `npm test` runs first.
 */
import { installApp } from "./harness/installed-app";

export default function globalSetup(): void {
  if (!process.env.UV_TEST_APP_DIR) {
    const app = installApp();
    process.env.UV_TEST_APP_DIR = app.dir;
    process.env.UV_TEST_APP_SDK = app.sdkVersion;
  }
}
