/**
 * How long KIE keeps a task's generated media: 14 days, then the files are deleted (docs.kie.ai, Getting Started
 * §6). A task older than this has nothing left at KIE to copy, so asking it again cannot bring a result back.
 */
export const KIE_RESULT_RETENTION_DAYS = 14;
export const KIE_RESULT_RETENTION_MS = KIE_RESULT_RETENTION_DAYS * 24 * 60 * 60 * 1000;
