import { setTimeout as sleep } from "node:timers/promises";

import { parseSetCookie } from "cookie";

import { SESSION_COOKIE } from "../src/auth/identity";

/** Poll `probe` until it returns a truthy value (or fail after `timeoutMs`). */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, label = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${label}`);
    await sleep(100);
  }
}

export const USER_A = "0d2c3f8e-1b6a-4c1e-9a4b-6f3e2d1c0b9a";
export const USER_B = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** The session token a response sets (its one `Set-Cookie`, read with the cookie package), or "" when it sets none. */
export function sessionTokenSetBy(response: Response): string {
  const header = response.headers.get("set-cookie");
  const cookie = header ? parseSetCookie(header) : null;
  return cookie?.name === SESSION_COOKIE ? (cookie.value ?? "") : "";
}
