import { describe, expect, it } from "vitest";

import { formatDoctorCheckEnglish } from "../src/services/admin/doctor-english";
import { doctorCheckSchema } from "../src/services/admin/doctor-findings";

describe("the doctor in English (pnpm doctor, from the admin's English catalog)", () => {
  it("words every finding of a failed check and adds the check's fix", () => {
    const check = doctorCheckSchema.parse({
      id: "bucket",
      ok: false,
      findings: [
        { code: "bucket_not_public", params: {} },
        { code: "bucket_types_any", params: {} },
        { code: "bucket_size_limit_wrong", params: { limit: 1024 } },
      ],
    });
    expect(formatDoctorCheckEnglish(check)).toEqual({
      title: "Bucket generations exists, is public, allows image/* and video/*, limit 50 MB",
      detail: "Not public; Any type allowed; Size limit 1,024 bytes",
      hint: "Run ensureBucket to create or correct the bucket: the Fix button on the admin's Health page runs it, and so does pnpm dev at start-up",
    });
  });

  it("a passing check has no hint; a check that could not run says why", () => {
    expect(
      formatDoctorCheckEnglish({ id: "kie", ok: true, findings: [{ code: "kie_credits", params: { credits: 42, baseUrl: "http://127.0.0.1:9" } }] }),
    ).toEqual({
      title: "KIE answers with this API key",
      detail: "42 credits left at http://127.0.0.1:9",
      hint: null,
    });
    expect(formatDoctorCheckEnglish({ id: "kie", ok: false, findings: [{ code: "check_error", params: { message: "fetch failed" } }] })).toMatchObject({
      detail: "The check could not run: fetch failed",
      hint: "Check KIE_API_KEY and KIE_BASE_URL",
    });
  });

  it("the router refuses a finding the surfaces could not word", () => {
    expect(doctorCheckSchema.safeParse({ id: "bucket", ok: false, findings: [{ code: "bucket_on_fire", params: {} }] }).success).toBe(false);
    expect(doctorCheckSchema.safeParse({ id: "bucket", ok: false, findings: [] }).success).toBe(false);
  });
});
