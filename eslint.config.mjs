// One ESLint config for the whole monorepo: `pnpm lint` runs it (with Prettier and knip, see scripts/lint.ts).
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores(["**/node_modules/", "**/.next/", "**/.next-*/", "**/dist/", "**/next-env.d.ts", "artifacts/", "bench-results/", ".data/", "test-results/"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each package's tsconfig gives the types; the root's config files belong to none.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // `async` without `await` is deliberate: it makes a synchronous throw a rejection and keeps the signature a promise.
      "@typescript-eslint/require-await": "off",
      // A leading underscore marks a binding that is unused on purpose (a dropped field, a required parameter).
      // An abort passes `signal.reason` (typed `any`) on as it is, like the platform's own APIs.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    files: ["**/test/**/*.ts", "e2e/**/*.ts"],
    rules: {
      // Tests read replies with `await res.json()` (typed `any`) and check them with `expect`, which is the validation.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  {
    files: ["apps/web/**/*.{ts,tsx}", "apps/admin/**/*.{ts,tsx}", "packages/app-shell/**/*.{ts,tsx}", "tooling/lighthouse-baseline/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    files: ["apps/web/**/*.{ts,tsx}", "apps/admin/**/*.{ts,tsx}", "tooling/lighthouse-baseline/**/*.{ts,tsx}"],
    extends: [nextPlugin.configs["core-web-vitals"]],
    settings: { next: { rootDir: ["apps/web/", "apps/admin/", "tooling/lighthouse-baseline/"] } },
  },
]);
