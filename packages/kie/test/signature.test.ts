import { describe, expect, it } from "vitest";
import { safeEqualSecret, signCallback, verifyCallbackSignature } from "../src/signature";

// Computed independently, once, with:
//   printf '%s' 'bd8f4b1a52048d0f17a38b49591abfa1.1769670760' | openssl dgst -sha256 -hmac 'test-key' -binary | base64
const vector = {
  key: "test-key",
  taskId: "bd8f4b1a52048d0f17a38b49591abfa1",
  ts: 1769670760,
  signature: "AfPF99FDOU94N3lsQn8DS51SHlOejvGnlPVIFGjoIMM=",
};

const base = { key: vector.key, taskId: vector.taskId, timestamp: String(vector.ts), signature: vector.signature, nowSec: vector.ts };

describe("signCallback", () => {
  it("matches the openssl vector (standard base64)", () => {
    expect(signCallback(vector.key, vector.taskId, vector.ts)).toBe(vector.signature);
    expect(signCallback(vector.key, vector.taskId, String(vector.ts))).toBe(vector.signature);
  });
});

describe("verifyCallbackSignature", () => {
  it("accepts the vector inside the window, at both edges", () => {
    expect(verifyCallbackSignature(base)).toBe("ok");
    expect(verifyCallbackSignature({ ...base, nowSec: vector.ts + 300 })).toBe("ok");
    expect(verifyCallbackSignature({ ...base, nowSec: vector.ts - 300 })).toBe("ok");
  });
  it("reports stale outside the window (past and future)", () => {
    expect(verifyCallbackSignature({ ...base, nowSec: vector.ts + 301 })).toBe("stale");
    expect(verifyCallbackSignature({ ...base, nowSec: vector.ts - 301 })).toBe("stale");
    expect(verifyCallbackSignature({ ...base, nowSec: vector.ts + 61, toleranceSec: 60 })).toBe("stale");
  });
  it("reports missing headers or task id", () => {
    expect(verifyCallbackSignature({ ...base, signature: undefined })).toBe("missing");
    expect(verifyCallbackSignature({ ...base, signature: "" })).toBe("missing");
    expect(verifyCallbackSignature({ ...base, timestamp: null })).toBe("missing");
    expect(verifyCallbackSignature({ ...base, taskId: null })).toBe("missing");
  });
  it("reports mismatch for wrong key, task id, signature length, hex encoding, non-integer timestamps", () => {
    expect(verifyCallbackSignature({ ...base, key: "other-key" })).toBe("mismatch");
    expect(verifyCallbackSignature({ ...base, taskId: "bd8f4b1a52048d0f17a38b49591abfa2" })).toBe("mismatch");
    expect(verifyCallbackSignature({ ...base, signature: "AAAA" })).toBe("mismatch");
    const hex = Buffer.from(vector.signature, "base64").toString("hex");
    expect(verifyCallbackSignature({ ...base, signature: hex })).toBe("mismatch");
    expect(verifyCallbackSignature({ ...base, timestamp: "1769670760.5" })).toBe("mismatch");
    expect(verifyCallbackSignature({ ...base, timestamp: "1769670760000ms" })).toBe("mismatch");
  });
  it("uses the clock when nowSec is omitted", () => {
    const now = Math.floor(Date.now() / 1000);
    const signature = signCallback("k", "t1", now);
    expect(verifyCallbackSignature({ key: "k", taskId: "t1", timestamp: String(now), signature })).toBe("ok");
    expect(verifyCallbackSignature({ ...base, nowSec: undefined })).toBe("stale");
  });
  it("refuses to verify without a key", () => {
    expect(() => verifyCallbackSignature({ ...base, key: "" })).toThrow(/key/);
  });
});

describe("safeEqualSecret", () => {
  it("compares strings in constant time, empty never matches", () => {
    expect(safeEqualSecret("s3cret", "s3cret")).toBe(true);
    expect(safeEqualSecret("s3cret", "s3creT")).toBe(false);
    expect(safeEqualSecret("s3cret", "s3cret-longer")).toBe(false);
    expect(safeEqualSecret("", "")).toBe(false);
    expect(safeEqualSecret(undefined, "x")).toBe(false);
  });
});
