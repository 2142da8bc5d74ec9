import { defineProject } from "vitest/config";

export default defineProject({
  // tsconfig says `jsx: preserve` for Next; the tests render components themselves.
  oxc: { jsx: { runtime: "automatic" } },
  test: { name: "@lensroom/app-shell" },
});
