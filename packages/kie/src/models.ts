import type { KieFamily } from "./families";

export type KieMediaType = "photo" | "video";

export interface KieModel {
  readonly id: string;
  readonly family: KieFamily;
  readonly type: KieMediaType;
  readonly label: string;
  readonly aspectRatios: readonly string[];
  /** Extra model-specific `input` fields sent on market creates (KIE does not always apply documented defaults). */
  readonly marketInputDefaults?: Readonly<Record<string, string | number | boolean>>;
}

/** The studio's model catalog. */
export const kieModels: readonly KieModel[] = [
  { id: "google/imagen4", family: "market", type: "photo", label: "Imagen 4", aspectRatios: ["1:1", "16:9", "9:16", "3:4", "4:3"] },
  {
    id: "kling-2.6/text-to-video",
    family: "market",
    type: "video",
    label: "Kling 2.6",
    aspectRatios: ["16:9", "9:16", "1:1"],
    marketInputDefaults: { duration: "5", sound: false },
  },
  { id: "gpt-4o-image", family: "gpt4o", type: "photo", label: "GPT-4o Image", aspectRatios: ["1:1", "3:2", "2:3"] },
  { id: "flux-kontext-pro", family: "flux", type: "photo", label: "Flux Kontext Pro", aspectRatios: ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"] },
  { id: "flux-kontext-max", family: "flux", type: "photo", label: "Flux Kontext Max", aspectRatios: ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"] },
  { id: "veo3_fast", family: "veo", type: "video", label: "Veo 3 Fast", aspectRatios: ["16:9", "9:16", "Auto"] },
  { id: "veo3", family: "veo", type: "video", label: "Veo 3 Quality", aspectRatios: ["16:9", "9:16", "Auto"] },
  { id: "runway-gen4", family: "runway", type: "video", label: "Runway Gen-4", aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"] },
];

export function findKieModel(id: string): KieModel | undefined {
  return kieModels.find((m) => m.id === id);
}
