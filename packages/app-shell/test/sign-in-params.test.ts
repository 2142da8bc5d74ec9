import { describe, expect, it } from "vitest";

import { safeNext, signInError } from "../src/sign-in/sign-in-params";

describe("safeNext", () => {
  it("keeps a path on this site", () => {
    expect(safeNext("/create/studio", "/library")).toBe("/create/studio");
    expect(safeNext("/repair?kind=stuck", "/")).toBe("/repair?kind=stuck");
  });

  it("refuses other hosts, schemes and non-strings", () => {
    for (const value of ["//evil.example", "/\\evil.example", "https://evil.example/", "library", "/", "", undefined, ["/a", "/b"]]) {
      expect(safeNext(value, "/library")).toBe("/library");
    }
  });
});

describe("signInError", () => {
  it("knows the codes the sign-in routes send", () => {
    expect(signInError("credentials")).toBe("credentials");
    expect(signInError("invalid")).toBe("invalid");
    expect(signInError("unavailable")).toBe("unavailable");
  });

  it("ignores anything else", () => {
    for (const value of [undefined, "", "other", ["credentials"]]) expect(signInError(value)).toBeNull();
  });
});
