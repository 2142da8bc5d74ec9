import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@lensroom/api",
    globalSetup: ["../db/test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
