import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "e2e",
    globalSetup: ["./global-setup.ts"],
    // One system for all files, one browser at a time: the machine has two cores.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
