import type { KieFamily } from "../families";
import type { KieTaskStatus } from "../task-status";
import * as flux from "./flux";
import * as gpt4o from "./gpt4o";
import * as market from "./market";
import * as runway from "./runway";
import type { KieCreateTaskSpec, KieHttpRequest } from "./types";
import * as veo from "./veo";

export interface KieFamilyAdapter {
  createPath: string;
  statusPath: string;
  buildCreateRequest(spec: KieCreateTaskSpec): KieHttpRequest;
  parseStatus(data: unknown, expectedTaskId?: string): KieTaskStatus;
}

export const familyAdapters: Record<KieFamily, KieFamilyAdapter> = { market, gpt4o, flux, veo, runway };
export type { KieCreateTaskSpec } from "./types";
