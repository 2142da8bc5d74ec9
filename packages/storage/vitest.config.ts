import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@lensroom/storage",
    // Real ffmpeg/sharp/HTTP work on a 2-core machine shared with other test files: generous, not tight.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
