/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  moduleNameMapper: { "^pulumi-ultravox$": "<rootDir>/provider/index.ts" },
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  testTimeout: 60000,
  // Engine-level tests start real provider processes; two at a time suits a 2-core machine.
  maxWorkers: 2,
};
