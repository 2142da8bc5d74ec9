import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/kie-simulator", "scripts", "e2e"],
  },
});
