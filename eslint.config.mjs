// Flat config: typescript-eslint's recommended rules on every TypeScript file.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "bin/**", "coverage/**", ".stryker-tmp*/**", "reports/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `expect(x).to.be.true` with a typo is an assertion that cannot fail.
      "@typescript-eslint/no-unused-expressions": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "LogicalExpression[operator='||'] > Literal[value=true]",
          message: "`x || true` is always true; use `??`.",
        },
      ],
    },
  },
  {
    // Components are reusable on their own: they define their argument types and never reach
    // into the config layer (issue 12).
    files: ["components/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/stacks", "**/stacks/**"], message: "components/ must not import from stacks/." },
          ],
        },
      ],
    },
  },
  {
    // Node scripts of the mutation-testing toolchain (plain JavaScript).
    files: ["mutation/**/*.{mjs,cjs}"],
    languageOptions: { globals: { process: "readonly", require: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
