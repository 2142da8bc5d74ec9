import type { DoctorCheckId } from "./doctor-findings";

// No runtime imports: the admin's client component reads this too.

/** Each check's key in the admin catalog's `doctor.checks` and `doctor.hints` (the admin page and `pnpm run doctor`). */
export const doctorMessageKeys = {
  columns: "columns",
  bucket: "bucket",
  policies: "policies",
  "webhook-secret": "webhookSecret",
  "callback-url": "callbackUrl",
  kie: "kie",
  previews: "previews",
  "old-writers": "oldWriters",
} as const satisfies Record<DoctorCheckId, string>;
