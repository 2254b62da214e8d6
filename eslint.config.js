/**
 * ESLint, with typescript-eslint's type-aware rules over every TypeScript file of the repository;
 * formatting is Prettier's (eslint-config-prettier turns off the rules that would disagree).
 * `npm run lint`; `npm test` runs it.
 */
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const prettier = require("eslint-config-prettier");

module.exports = tseslint.config(
  // provider/generated/ is written by `npm run generate` from the API document, not by hand.
  { ignores: ["dist/", "build/", "coverage/", "node_modules/", ".ci/", "provider/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.js", "test/*.js"] }, tsconfigRootDir: __dirname },
    },
    rules: {
      // Unused bindings are dead code; a leading underscore marks a parameter kept for its position.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // `import x = require("./provider")`: a handle module's `export =` object, whose identity Pulumi's serializer needs.
      "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
      // `typeof import("undici")` types a module required lazily, where it is first needed.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // jest's asymmetric matchers (expect.stringMatching, expect.arrayContaining, ...) are typed `any`.
    files: ["test/**/*.test.ts", "test/engine/standard.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off", "@typescript-eslint/no-unsafe-argument": "off" },
  },
  {
    // Plain CommonJS files at the root (this one, jest.config.js) and the jest reporter.
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
