import type { KnipConfig } from "knip";

// knip (`pnpm lint`): unused files, exports and dependencies across the workspace. Package `exports`, package.json
// scripts, Next's app directories and vitest's test files are found by knip's own plugins; what is started by path
// (spawned children, the benchmark scripts) is listed here.
const config: KnipConfig = {
  workspaces: {
    ".": {
      // The project-times reporter is given to vitest by path (scripts/test.ts).
      entry: ["scripts/*.ts", "scripts/bench/webhook-load.ts", "scripts/bench/webhook-server.ts", "scripts/lib/project-times-reporter.ts"],
      project: ["scripts/**/*.ts", "*.ts"],
      // scripts/lint.ts runs its binary by path.
      ignoreDependencies: ["prettier"],
    },
    "packages/*": { entry: ["scripts/*.ts"], project: ["src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"] },
    // The embedded server runs in a child process started by path (src/embedded.ts).
    "packages/db": { entry: ["scripts/*.ts", "src/embedded-server-main.ts"], project: ["src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"] },
    "packages/media": {
      entry: ["scripts/*.ts"],
      project: ["src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"],
      // Their binaries are found by package name at run time (src/binaries.ts), not imported.
      ignoreDependencies: ["@ffmpeg-installer/linux-x64", "@ffprobe-installer/linux-x64"],
    },
    "apps/kie-simulator": { project: ["src/**/*.ts", "test/**/*.ts"] },
    e2e: { project: ["**/*.ts"] },
  },
};

export default config;
