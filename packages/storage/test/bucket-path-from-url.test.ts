import { describe, expect, it } from "vitest";
import { bucketPathFromUrl } from "../src/index";
import { GEN, USER } from "./helpers";

const LOCAL = "http://localhost:3000/storage/v1/object/public";
const SUPABASE = "https://abc.supabase.co/storage/v1/object/public";
const OLD = `${USER}/image/${GEN}_1718000000000.png`;

describe("bucketPathFromUrl", () => {
  it("finds the path behind our public base", () => {
    expect(bucketPathFromUrl(`${LOCAL}/generations/${OLD}`, LOCAL)).toBe(OLD);
    expect(bucketPathFromUrl(`${LOCAL}/generations/${USER}/${GEN}/thumb.webp?v=171`, `${LOCAL}/`)).toBe(`${USER}/${GEN}/thumb.webp`);
  });

  it("finds public, signed and authenticated Supabase object URLs of the same origin", () => {
    expect(bucketPathFromUrl(`${SUPABASE}/generations/${OLD}`, SUPABASE)).toBe(OLD);
    expect(bucketPathFromUrl(`https://abc.supabase.co/storage/v1/object/authenticated/generations/${OLD}`, SUPABASE)).toBe(OLD);
    expect(bucketPathFromUrl(`https://abc.supabase.co/storage/v1/object/sign/generations/${OLD}?token=ey.x.y`, SUPABASE)).toBe(OLD);
    // A base served behind another prefix still recognises the project's own Supabase links.
    expect(bucketPathFromUrl(`https://abc.supabase.co/storage/v1/object/public/generations/${OLD}`, "https://abc.supabase.co/cdn")).toBe(OLD);
  });

  it("decodes each segment", () => {
    expect(bucketPathFromUrl(`${SUPABASE}/generations/${USER}/image/a%2Db.png`, SUPABASE)).toBe(`${USER}/image/a-b.png`);
  });

  it.each([
    ["another host", `https://tempfile.aiquickdraw.com/generations/${OLD}`],
    ["another Supabase project", `https://xyz.supabase.co/storage/v1/object/public/generations/${OLD}`],
    ["another scheme on the same host", `http://abc.supabase.co/storage/v1/object/public/generations/${OLD}`],
    ["another bucket", `${SUPABASE}/avatars/${OLD}`],
    ["the bucket root", `${SUPABASE}/generations/`],
    ["an unreadable path", `${SUPABASE}/generations/${USER}/../secret.png`],
    ["an encoded slash", `${SUPABASE}/generations/${USER}/image%2F..%2Fa.png`],
    ["an encoded dot-dot", `${SUPABASE}/generations/${USER}/%2e%2e/a.png`],
    ["a non-UUID owner", `${SUPABASE}/generations/someone/a.png`],
    ["broken encoding", `${SUPABASE}/generations/${USER}/a%zz.png`],
    ["not a URL", "generations/a.png"],
    ["a data URL", "data:image/png;base64,AAAA"],
  ])("answers null for %s", (_label, url) => {
    expect(bucketPathFromUrl(url, SUPABASE)).toBeNull();
  });

  it("answers null for a malformed base", () => {
    expect(bucketPathFromUrl(`${SUPABASE}/generations/${OLD}`, "not a url")).toBeNull();
  });
});
