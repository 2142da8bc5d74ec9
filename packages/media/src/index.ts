export { MediaError, isMediaError, type MediaErrorCode } from "./media-error";
export { sniffMedia, SNIFF_HEAD_BYTES, type SniffedMedia } from "./sniff";
export { resolveMediaBinaries, type MediaBinaries } from "./binaries";
export { runProcess, type ProcessResult, type RunProcessOptions } from "./run-process";
export { deriveImage, type DeriveImageOptions, type DerivedImage, type EncodedImage } from "./derive-image";
export { probeVideo, type ProbeVideoOptions, type VideoProbe } from "./probe-video";
export { extractPoster, type ExtractPosterOptions } from "./extract-poster";
export { deriveVideo, type DeriveVideoOptions, type DerivedVideo } from "./derive-video";
