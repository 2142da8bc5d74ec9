import { randomBytes, randomUUID } from "node:crypto";

export const hex32 = (): string => randomBytes(16).toString("hex");
export const veoTaskId = (): string => `veo_task_${randomBytes(8).toString("hex")}`;
export const uuid = (): string => randomUUID();
export const token = (): string => randomBytes(18).toString("base64url");
