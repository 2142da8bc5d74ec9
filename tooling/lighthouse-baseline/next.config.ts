import type { NextConfig } from "next";

// Same build folder rule as the apps, so a check build can keep its own output.
const config: NextConfig = { poweredByHeader: false, ...(process.env.NEXT_DIST_DIR ? { distDir: process.env.NEXT_DIST_DIR } : {}) };

export default config;
