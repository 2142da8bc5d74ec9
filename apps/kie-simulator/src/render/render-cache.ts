import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sizeForAspect } from "./dimensions";
import { renderPhoto, type PhotoFormat } from "./photo";
import { renderPoster, renderVideo } from "./video";

export interface RenderRequest {
  media: "photo" | "video";
  prompt: string;
  aspectRatio: string;
  /** Photo encoding; videos are always MP4. */
  photoFormat: PhotoFormat;
  /** Video families that publish a cover image (Runway). */
  withCover: boolean;
  /** Long side of a photo in px (videos are always 640). */
  photoLongSide: number;
}

export interface RenderedFile {
  bytes: Buffer;
  ext: string;
  contentType: string;
}

export interface RenderedMedia {
  main: RenderedFile;
  cover: RenderedFile | null;
}

const cacheDir = path.join(os.tmpdir(), "lensroom-kie-sim-cache");
/** In-process memo shared by every simulator instance; the disk cache survives across test runs. */
const memo = new Map<string, Promise<RenderedMedia>>();

async function readOrMake(file: string, make: (tmp: string) => Promise<void>): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp${path.extname(file)}`;
    try {
      await make(tmp);
      await rename(tmp, file); // atomic: parallel renderers never see half-written files
    } finally {
      await rm(tmp, { force: true });
    }
    return readFile(file);
  }
}

async function render(req: RenderRequest, key: string): Promise<RenderedMedia> {
  await mkdir(cacheDir, { recursive: true });
  const base = path.join(cacheDir, key);
  if (req.media === "photo") {
    const { width, height } = sizeForAspect(req.aspectRatio, req.photoLongSide);
    const ext = req.photoFormat === "png" ? "png" : "jpg";
    const bytes = await readOrMake(`${base}.${ext}`, async (tmp) => writeFile(tmp, await renderPhoto(req.prompt, width, height, req.photoFormat)));
    return { main: { bytes, ext, contentType: req.photoFormat === "png" ? "image/png" : "image/jpeg" }, cover: null };
  }
  const { width, height } = sizeForAspect(req.aspectRatio, 640);
  const videoFile = `${base}.mp4`;
  const bytes = await readOrMake(videoFile, (tmp) => renderVideo(req.prompt, width, height, tmp));
  const main = { bytes, ext: "mp4", contentType: "video/mp4" };
  if (!req.withCover) return { main, cover: null };
  const cover = await readOrMake(`${base}.cover.png`, (tmp) => renderPoster(videoFile, tmp));
  return { main, cover: { bytes: cover, ext: "png", contentType: "image/png" } };
}

/** Render (or reuse) the media for a prompt. Results are cached per prompt hash, size and format. */
export function renderMedia(req: RenderRequest): Promise<RenderedMedia> {
  const key = createHash("sha256")
    .update(JSON.stringify(["v1", req.media, req.prompt, req.aspectRatio, req.photoFormat, req.withCover, req.media === "photo" ? req.photoLongSide : 0]))
    .digest("hex")
    .slice(0, 24);
  let pending = memo.get(key);
  if (!pending) {
    pending = render(req, key);
    memo.set(key, pending);
    pending.catch(() => memo.delete(key));
  }
  return pending;
}
