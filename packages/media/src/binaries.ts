import { createRequire } from "node:module";
import path from "node:path";

export interface MediaBinaries {
  ffmpegPath: string;
  ffprobePath: string;
}

const require = createRequire(import.meta.url);

function installedBinary(packageName: string, binary: string): string {
  return path.join(path.dirname(require.resolve(`${packageName}/package.json`)), binary);
}

let installed: MediaBinaries | undefined;

/**
 * Paths of ffmpeg and ffprobe: the ones shipped by `@ffmpeg-installer/linux-x64` and
 * `@ffprobe-installer/linux-x64`, unless overridden (the caller's env module passes
 * `FFMPEG_PATH` / `FFPROBE_PATH` here; this package never reads the environment).
 */
export function resolveMediaBinaries(overrides: Partial<MediaBinaries> = {}): MediaBinaries {
  installed ??= {
    ffmpegPath: installedBinary("@ffmpeg-installer/linux-x64", "ffmpeg"),
    ffprobePath: installedBinary("@ffprobe-installer/linux-x64", "ffprobe"),
  };
  return {
    ffmpegPath: overrides.ffmpegPath ?? installed.ffmpegPath,
    ffprobePath: overrides.ffprobePath ?? installed.ffprobePath,
  };
}
