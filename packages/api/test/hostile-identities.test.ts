import { beforeAll, describe, expect, it } from "vitest";

import { MAX_ACCESS_TOKEN_LENGTH, SESSION_COOKIE } from "../src/auth/identity";
import { MAX_COOKIE_HEADER_LENGTH, readSessionCookie } from "../src/auth/read-session-cookie";
import { identityFromHeaders, readAccessToken } from "../src/auth/request-identity";
import { InvalidTokenError, LOCAL_ISSUER, verifyAccessToken, type TokenVerifierConfig } from "../src/auth/tokens";
import { hostileIdentities, TEST_SECRETS, type HostileIdentityCorpus } from "../src/testing";

// A cookie or an Authorization header is whatever the browser (or an attacker) sends: anything but one well-formed,
// genuinely signed token is anonymous, and never an exception. Pages, procedures and routes are run against the same
// corpus in authorization-matrix.test.ts and e2e/hostile-identities.test.ts.

const key = { secret: TEST_SECRETS.AUTH_JWT_SECRET, issuer: LOCAL_ISSUER };
const config: TokenVerifierConfig = { local: { secret: key.secret } };

describe("hostile identities", () => {
  let corpus: HostileIdentityCorpus;
  beforeAll(async () => {
    corpus = await hostileIdentities(key);
  });

  it("accepts the corpus's genuine token, as a bearer header, a cookie and a percent-encoded cookie", async () => {
    const { token, userId } = corpus.genuine;
    const carriers: Record<string, string>[] = [
      { authorization: `Bearer ${token}` },
      { cookie: `theme=%E0%A4%A; ${SESSION_COOKIE}=${token}` },
      { cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` },
    ];
    for (const headers of carriers) {
      expect(await identityFromHeaders(new Headers(headers), config)).toMatchObject({ userId, role: "staff" });
    }
  });

  it("has every kind the issue names", () => {
    const names = corpus.entries.map((entry) => entry.name).join("\n");
    for (const kind of [
      "cookie: malformed",
      "cookie: empty",
      "cookie: duplicated",
      "cookie: oversized",
      "bearer: empty",
      "bearer: alg none",
      "bearer: signed with another key",
      "bearer: sub not a uuid",
      "bearer: garbage after",
    ]) {
      expect(names).toContain(kind);
    }
  });

  it("reads every entry as anonymous", async () => {
    const admitted: string[] = [];
    for (const entry of corpus.entries) {
      const identity = await identityFromHeaders(new Headers(entry.headers), config);
      if (identity !== null) admitted.push(entry.name);
    }
    expect(admitted).toEqual([]);
  });

  it("refuses a correctly signed token whose sub is not a uuid in the verifier itself", async () => {
    const entry = corpus.entries.find((candidate) => candidate.name === "bearer: sub not a uuid (SQL)");
    const token = readAccessToken(new Headers(entry?.headers));
    expect(token).not.toBeNull();
    await expect(verifyAccessToken(token ?? "", config)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it("bounds the session cookie's value at MAX_ACCESS_TOKEN_LENGTH and the header at MAX_COOKIE_HEADER_LENGTH", () => {
    const longest = "a".repeat(MAX_ACCESS_TOKEN_LENGTH);
    expect(readSessionCookie(`${SESSION_COOKIE}=${longest}`)).toBe(longest);
    expect(readSessionCookie(`${SESSION_COOKIE}=${longest}a`)).toBeNull();
    const prefix = `${SESSION_COOKIE}=t; pad=`;
    expect(readSessionCookie(prefix + "p".repeat(MAX_COOKIE_HEADER_LENGTH - prefix.length))).toBe("t");
    expect(readSessionCookie(prefix + "p".repeat(MAX_COOKIE_HEADER_LENGTH - prefix.length + 1))).toBeNull();
  });

  it("counts a session cookie as duplicated only when a second pair carries its name", () => {
    expect(readSessionCookie(`x=${SESSION_COOKIE}=a; ${SESSION_COOKIE}=t; ${SESSION_COOKIE}x=b; y=${SESSION_COOKIE}`)).toBe("t");
    expect(readSessionCookie(`${SESSION_COOKIE}; ${SESSION_COOKIE}=t`)).toBe("t");
    expect(readSessionCookie(`${SESSION_COOKIE}=t;\t${SESSION_COOKIE}\t=u`)).toBeNull();
  });

  it("leaves the cookie to speak when the Authorization header is another scheme (a proxy's Basic)", async () => {
    const headers = new Headers({ authorization: "Basic dXNlcjpwYXNz", cookie: `${SESSION_COOKIE}=${corpus.genuine.token}` });
    expect(await identityFromHeaders(headers, config)).toMatchObject({ userId: corpus.genuine.userId });
  });
});
