import type { SimFamily } from "../task";
import { flux } from "./flux";
import { gpt4o } from "./gpt4o";
import { market } from "./market";
import { runway } from "./runway";
import type { FamilyShape } from "./types";
import { veo } from "./veo";

export const familyShapes: Record<SimFamily, FamilyShape> = { market, gpt4o, flux, veo, runway };
export type { FamilyShape } from "./types";
