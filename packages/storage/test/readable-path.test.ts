import { describe, expect, it } from "vitest";
import { READABLE_PATH_MAX_LENGTH, StorageError, isReadablePath, objectPath, ownerOfReadablePath, parseReadablePath, publicObjectUrl } from "../src/index";
import { GEN, USER } from "./helpers";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof StorageError) return error.code;
    throw error;
  }
  return "no error";
}

/** The old site's layouts, from its fact sheet. */
const OLD_PATHS = [
  `${USER}/image/${GEN}_1718000000000.png`,
  `${USER}/video/${GEN}_1718000000000.mp4`,
  `${USER}/previews/${GEN}_preview.webp`,
  `${USER}/previews/${GEN}_preview.mp4`,
  `${USER}/posters/${GEN}_poster.webp`,
  `${USER}/replicate_1718000000000_k3j4h5.webp`,
  `${USER}/fal_6f1c2a9e-job.JPG`,
];

describe("readable paths", () => {
  it.each(OLD_PATHS)("accepts the old layout %s", (path) => {
    expect(isReadablePath(path)).toBe(true);
    expect(ownerOfReadablePath(path)).toBe(USER);
    expect(parseReadablePath(path).segments).toEqual(path.split("/"));
  });

  it("accepts every path objectPath builds", () => {
    const path = objectPath(USER, GEN, "original-1.mp4");
    expect(parseReadablePath(path)).toEqual({ ownerId: USER, segments: [USER, GEN, "original-1.mp4"] });
  });

  it.each([
    ["an empty path", ""],
    ["the owner alone", USER],
    ["a non-UUID owner", `user-1/image/${GEN}.png`],
    ["an upper-case owner", `${USER.toUpperCase()}/image/${GEN}.png`],
    ["a leading slash", `/${USER}/image/a.png`],
    ["a trailing slash", `${USER}/image/`],
    ["an empty segment", `${USER}//a.png`],
    ["a dot segment", `${USER}/./a.png`],
    ["a dot-dot segment", `${USER}/../a.png`],
    ["a hidden sidecar", `${USER}/${GEN}/.original.png.meta.json`],
    ["five segments", `${USER}/a/b/c/d.png`],
    ["a space", `${USER}/image/a b.png`],
    ["a percent sign", `${USER}/image/a%2fb.png`],
    ["a backslash", `${USER}/image\\..\\a.png`],
    ["a query", `${USER}/image/a.png?x=1`],
    ["a non-ASCII letter", `${USER}/image/é.png`],
    ["an over-long path", `${USER}/${"a".repeat(READABLE_PATH_MAX_LENGTH)}.png`],
  ])("refuses %s", (_label, path) => {
    expect(isReadablePath(path)).toBe(false);
    expect(codeOf(() => parseReadablePath(path))).toBe("invalid_path");
  });

  it("allows exactly the maximum length", () => {
    const folders = `${USER}/${"a".repeat(200)}/${"b".repeat(200)}`;
    const longest = `${folders}/${"c".repeat(READABLE_PATH_MAX_LENGTH - folders.length - 6)}.webp`;
    expect(longest).toHaveLength(READABLE_PATH_MAX_LENGTH);
    expect(isReadablePath(longest)).toBe(true);
    expect(isReadablePath(`${longest}x`)).toBe(false);
  });

  it("builds public URLs of old paths, still refusing unreadable ones", () => {
    const [path = ""] = OLD_PATHS;
    expect(publicObjectUrl("https://abc.supabase.co/storage/v1/object/public", path)).toBe(
      `https://abc.supabase.co/storage/v1/object/public/generations/${path}`,
    );
    expect(codeOf(() => publicObjectUrl("https://abc.supabase.co/storage/v1/object/public", `${USER}/../x.png`))).toBe("invalid_path");
  });
});
