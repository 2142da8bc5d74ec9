import type { KieFamily } from "../families";

/** What the studio asks for; each family maps it to its own request shape. */
export interface KieCreateTaskSpec {
  family: KieFamily;
  model: string;
  prompt: string;
  aspectRatio?: string;
  callBackUrl: string;
  /** Reference images (public URLs) for edit / image-to-video modes. */
  imageUrls?: readonly string[];
}

export interface KieHttpRequest {
  path: string;
  body: Record<string, unknown>;
}
