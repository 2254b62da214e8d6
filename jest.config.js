/**
 * Two projects: `unit` runs the provider, client and emulator from source (no build, no packing:
 * `npm run test:unit`); `engine` packs the package, installs it into a program folder and drives
 * Pulumi's real provider process (test/global-setup.ts), so it needs `npm run build` first.
 * `npm test` runs both.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  moduleNameMapper: { "^pulumi-ultravox$": "<rootDir>/provider/index.ts" },
};

module.exports = {
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  testTimeout: 60000,
  // Engine-level tests start real provider processes and spend most of their time waiting on them
  // and on retry timers: three at a time keeps a 2-core machine busy (measured: 213 s with two, 166 s with three).
  maxWorkers: 3,
  projects: [
    { ...shared, displayName: "unit", roots: ["<rootDir>/test/unit"] },
    {
      ...shared,
      displayName: "engine",
      roots: ["<rootDir>/test/engine"],
      globalSetup: "<rootDir>/test/global-setup.ts",
      globalTeardown: "<rootDir>/test/global-teardown.ts",
    },
  ],
};
