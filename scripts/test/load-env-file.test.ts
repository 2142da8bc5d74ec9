import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { loadEnvFile } from "../lib/load-env-file";

const dir = mkdtempSync(path.join(tmpdir(), "lensroom-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeEnv(text: string): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.env`);
  writeFileSync(file, text);
  return file;
}

describe("loadEnvFile", () => {
  it("reads plain, exported, quoted and commented lines", () => {
    const file = writeEnv(
      ["# a comment", "PLAIN=one", "export EXPORTED=two", 'DOUBLE="line1\\nline2"', "SINGLE='as is'", "TRAILING=three # note", ""].join("\n"),
    );
    const env: NodeJS.ProcessEnv = {};
    const loaded = loadEnvFile(file, env);
    expect(env).toEqual({ PLAIN: "one", EXPORTED: "two", DOUBLE: "line1\nline2", SINGLE: "as is", TRAILING: "three" });
    expect(loaded.sort()).toEqual(["DOUBLE", "EXPORTED", "PLAIN", "SINGLE", "TRAILING"]);
  });

  it("keeps what the real environment already sets, even an empty value", () => {
    const file = writeEnv("KEEP=from-file\nEMPTY=from-file\nNEW=from-file\n");
    const env: NodeJS.ProcessEnv = { KEEP: "from-env", EMPTY: "" };
    expect(loadEnvFile(file, env)).toEqual(["NEW"]);
    expect(env).toEqual({ KEEP: "from-env", EMPTY: "", NEW: "from-file" });
  });

  it("loads nothing when the file does not exist", () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(path.join(dir, "missing.env"), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
