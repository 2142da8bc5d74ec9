import { describe, expect, it } from "vitest";

import { localUserId } from "../src/auth/tokens";

describe("localUserId", () => {
  // Ids issued before uuid's v5 did the hashing: the same addresses must keep the same users.
  it.each([
    ["ann@example.test", "0394a100-a52b-503a-a639-b046fdf03c7b"],
    ["someone@example.test", "d7325961-cb36-5d5e-a5ea-1d429fea6503"],
    ["élodie@exemple.test", "526637a1-bea5-50fc-a1d3-aaca3ff1084d"],
    ["a@b", "4d076d51-b408-52a6-91bb-c7feae1b124f"],
  ])("keeps the id of %s", (email, id) => {
    expect(localUserId(email)).toBe(id);
  });

  it("ignores case and surrounding spaces in the address", () => {
    expect(localUserId("  Bob@Example.TEST ")).toBe("d44183d2-dc09-5c7c-948b-ca5f04529a5a");
    expect(localUserId("bob@example.test")).toBe(localUserId("  Bob@Example.TEST "));
  });
});
