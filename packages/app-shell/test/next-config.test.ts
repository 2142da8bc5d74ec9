import { describe, expect, it } from "vitest";

import { baseNextConfig } from "../src/next/base-next-config";
import { parseNextShellEnv } from "../src/next/env";

describe("baseNextConfig", () => {
  it("transpiles every workspace package the apps import, this one included", () => {
    const config = baseNextConfig(parseNextShellEnv({}));
    expect(config.transpilePackages).toEqual(expect.arrayContaining(["@lensroom/app-shell", "@lensroom/api", "@lensroom/db"]));
    expect(config.serverExternalPackages).toEqual(expect.arrayContaining(["sharp", "pg-boss", "postgres"]));
    expect(config.images).toEqual({ unoptimized: true });
    expect(config.poweredByHeader).toBe(false);
    expect(config).not.toHaveProperty("distDir");
  });

  it("builds into NEXT_DIST_DIR when it is set", () => {
    expect(baseNextConfig(parseNextShellEnv({ NEXT_DIST_DIR: ".next-lighthouse" })).distDir).toBe(".next-lighthouse");
    expect(baseNextConfig(parseNextShellEnv({ NEXT_DIST_DIR: "" }))).not.toHaveProperty("distDir");
  });

  it("refuses a NEXT_DIST_DIR outside the app", () => {
    expect(() => parseNextShellEnv({ NEXT_DIST_DIR: "../elsewhere" })).toThrow(/NEXT_DIST_DIR/);
    expect(() => parseNextShellEnv({ NEXT_DIST_DIR: "/tmp/out" })).toThrow(/NEXT_DIST_DIR/);
  });
});
