import { describe, expect, it } from "vitest";
import { BUCKET, FILE_SIZE_LIMIT, StorageError, bucketSpec, isMimeAllowed, objectPath, ownerOfPath, parseListPrefix, publicObjectUrl } from "../src/index";
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

describe("bucket rules", () => {
  it("pins the bucket settings", () => {
    expect(BUCKET).toBe("generations");
    expect(FILE_SIZE_LIMIT).toBe(50_000_000);
    expect(bucketSpec).toEqual({
      name: "generations",
      public: true,
      allowedMimeTypes: ["image/*", "video/*"],
      fileSizeLimit: 50_000_000,
    });
  });

  it("builds paths from UUIDs and safe names", () => {
    for (const name of ["original.png", "original-1.mp4", "thumb.webp", "preview.webp", "poster.webp"]) {
      expect(objectPath(USER, GEN, name)).toBe(`${USER}/${GEN}/${name}`);
    }
  });

  it.each([
    ["user id not a UUID", "../etc", GEN, "original.png"],
    ["upper-case UUID", USER.toUpperCase(), GEN, "original.png"],
    ["generation id not a UUID", USER, "gen-1", "original.png"],
    ["dot-dot name", USER, GEN, ".."],
    ["hidden name", USER, GEN, ".original.png.meta.json"],
    ["slash in name", USER, GEN, "a/b.png"],
    ["encoded slash", USER, GEN, "a%2fb.png"],
    ["no extension", USER, GEN, "original"],
    ["two dots", USER, GEN, "original.png.exe"],
    ["empty name", USER, GEN, ""],
  ])("rejects %s", (_label, userId, generationId, name) => {
    expect(codeOf(() => objectPath(userId, generationId, name))).toBe("invalid_path");
  });

  it("finds the owner folder and rejects malformed paths", () => {
    expect(ownerOfPath(`${USER}/${GEN}/thumb.webp`)).toBe(USER);
    expect(codeOf(() => ownerOfPath(`/${USER}/${GEN}/thumb.webp`))).toBe("invalid_path");
    expect(codeOf(() => ownerOfPath(`${USER}/${GEN}/x/thumb.webp`))).toBe("invalid_path");
    expect(codeOf(() => ownerOfPath(`${USER}/../${GEN}/thumb.webp`))).toBe("invalid_path");
  });

  it("accepts owner and generation folders as list prefixes, nothing else", () => {
    expect(parseListPrefix(USER)).toBe(USER);
    expect(parseListPrefix(`${USER}/${GEN}/`)).toBe(`${USER}/${GEN}`);
    expect(codeOf(() => parseListPrefix(""))).toBe("invalid_path");
    expect(codeOf(() => parseListPrefix(`${USER}/..`))).toBe("invalid_path");
  });

  it("allows images and videos only", () => {
    expect(isMimeAllowed("image/png")).toBe(true);
    expect(isMimeAllowed("Video/MP4; codecs=avc1")).toBe(true);
    expect(isMimeAllowed("text/html")).toBe(false);
    expect(isMimeAllowed("application/octet-stream")).toBe(false);
    expect(isMimeAllowed("image")).toBe(false);
    expect(isMimeAllowed("image/")).toBe(false);
  });

  it("encodes each public URL segment", () => {
    expect(publicObjectUrl("http://localhost:3000/storage/v1/object/public/", `${USER}/${GEN}/original.png`)).toBe(
      `http://localhost:3000/storage/v1/object/public/generations/${USER}/${GEN}/original.png`,
    );
  });
});
