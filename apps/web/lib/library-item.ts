import type { RouterInputs, RouterOutputs } from "@lensroom/api";

export type LibraryItem = RouterOutputs["library"]["list"]["items"][number];
export type LibraryPage = RouterOutputs["library"]["list"];
export type LibraryFilters = Pick<RouterInputs["library"]["list"], "type" | "status">;
/** The types the library filters by and the studio makes (adopted audio rows are never listed). */
export type GenerationType = NonNullable<LibraryFilters["type"]>;
export type GenerationStatus = LibraryItem["status"];

export const GENERATION_TYPES = ["photo", "video"] as const satisfies readonly GenerationType[];
export const GENERATION_STATUSES = ["queued", "generating", "success", "failed", "expired"] as const satisfies readonly GenerationStatus[];

/** Still moving on the server: worth polling. */
export function isUnfinished(item: Pick<LibraryItem, "status" | "noPreviewReason">) {
  return item.status === "queued" || item.status === "generating" || item.noPreviewReason === "processing";
}

/** The item's aspect ratio as a number (width / height), from its pixels, else its requested ratio, else square. */
export function aspectRatioOf(item: Pick<LibraryItem, "width" | "height" | "aspectRatio">): number {
  if (item.width && item.height) return item.width / item.height;
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(item.aspectRatio ?? "");
  if (match?.[1] && match[2]) return Number(match[1]) / Number(match[2]);
  return 1;
}
