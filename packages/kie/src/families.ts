import { z } from "zod";

/** The KIE API families: each has its own create/record endpoints and payload shapes. */
export const kieFamilySchema = z.enum(["market", "gpt4o", "flux", "veo", "runway"]);
export type KieFamily = z.infer<typeof kieFamilySchema>;
export const kieFamilies: readonly KieFamily[] = kieFamilySchema.options;
