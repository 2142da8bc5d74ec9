import { z } from "zod";

/** What the parent asks the server process to start (its only argument, as JSON). */
export const serverRequestSchema = z.object({
  dataDir: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  database: z.string().min(1).optional(),
  ephemeral: z.boolean().optional(),
});
export type ServerRequest = z.infer<typeof serverRequestSchema>;

/** One line of the server process' stdout. */
export const serverMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("log"), line: z.string() }),
  z.object({ type: z.literal("ready"), url: z.string(), port: z.number().int(), dataDir: z.string() }),
  z.object({ type: z.literal("failed"), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
