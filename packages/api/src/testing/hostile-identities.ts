import { randomBytes, randomUUID } from "node:crypto";

import { base64url, SignJWT, type JWTPayload } from "jose";

import { SESSION_COOKIE } from "../auth/identity";

/** One hostile way of saying who is calling: it must read as anonymous wherever identity is read. */
export interface HostileIdentity {
  /** What is wrong with it, for test names. */
  name: string;
  /** The request headers that carry it. */
  headers: Record<string, string>;
  /** Larger than Node lets a request's headers be (16 KiB): over HTTP the server answers 431 before any of our code. */
  refusedOverHttp?: boolean;
}

/** The HS256 secret and issuer the verifier under test accepts: hostile tokens differ from a genuine one in one way. */
export interface AcceptedSigningKey {
  secret: string;
  issuer: string;
}

export interface HostileIdentityCorpus {
  entries: HostileIdentity[];
  /** A genuine staff token signed the same way, for the check that the corpus is refused for its flaw alone. */
  genuine: { userId: string; token: string };
}

interface TokenChanges {
  sub?: string | null;
  secret?: string;
  issuer?: string;
  audience?: string;
  expiresInSeconds?: number;
  extraClaims?: JWTPayload;
}

/** A token as the accepted key signs it, claiming an admin (what a forger would claim), with `changes` applied. */
function signWith(key: AcceptedSigningKey, userId: string, changes: TokenChanges = {}): Promise<string> {
  const sub = changes.sub === undefined ? userId : changes.sub;
  const claims: JWTPayload = {
    role: "authenticated",
    email: "hostile@example.test",
    app_metadata: { provider: "email", role: "admin" },
    ...changes.extraClaims,
  };
  const jwt = new SignJWT(sub === null ? claims : { ...claims, sub })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(changes.audience ?? "authenticated")
    .setIssuer(changes.issuer ?? key.issuer)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (changes.expiresInSeconds ?? 600));
  return jwt.sign(new TextEncoder().encode(changes.secret ?? key.secret));
}

/** An unsecured JWT (`alg: none`) with otherwise valid claims; `signature` is appended as the third part. */
function unsecured(key: AcceptedSigningKey, userId: string, alg: string, signature = ""): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url.encode(JSON.stringify({ alg, typ: "JWT" }));
  const payload = base64url.encode(
    JSON.stringify({ sub: userId, aud: "authenticated", iss: key.issuer, iat: now, exp: now + 600, role: "authenticated", app_metadata: { role: "admin" } }),
  );
  return `${header}.${payload}.${signature}`;
}

/**
 * Malformed, empty, duplicated and oversized session cookies, and bearer tokens that are empty, unsigned
 * (`alg: none`), signed with another key, expired, for another issuer or audience, over the length bound, or carry a
 * `sub` that is not a uuid, each as a bearer header and as the session cookie. Built per test run (tokens expire).
 */
export async function hostileIdentities(key: AcceptedSigningKey): Promise<HostileIdentityCorpus> {
  const userId = randomUUID();
  const genuine = await signWith(key, userId);
  const otherGenuine = await signWith(key, randomUUID());
  const [signature] = genuine.split(".").slice(2);

  const tokens: Array<[string, string]> = [
    ["alg none", unsecured(key, userId, "none")],
    ["alg None with the genuine signature", unsecured(key, userId, "None", signature)],
    ["HS256 with the signature stripped", unsecured(key, userId, "HS256")],
    ["signed with another key", await signWith(key, userId, { secret: randomBytes(32).toString("base64url") })],
    ["expired an hour ago", await signWith(key, userId, { expiresInSeconds: -3600 })],
    ["from another issuer", await signWith(key, userId, { issuer: "http://127.0.0.1:9/auth/v1" })],
    ["for another audience", await signWith(key, userId, { audience: "anon" })],
    ["without a sub", await signWith(key, userId, { sub: null })],
    ["sub not a uuid (text)", await signWith(key, userId, { sub: "not-a-uuid" })],
    ["sub not a uuid (number)", await signWith(key, userId, { sub: "1" })],
    ["sub not a uuid (SQL)", await signWith(key, userId, { sub: "' OR 1=1 --" })],
    ["sub not a uuid (empty)", await signWith(key, userId, { sub: "" })],
    ["sub one hex digit off a uuid", await signWith(key, userId, { sub: `${userId.slice(0, -1)}g` })],
    ["oversized, genuinely signed (9 KiB claim)", await signWith(key, userId, { extraClaims: { pad: "x".repeat(9 * 1024) } })],
    ["truncated", genuine.slice(0, -6)],
    ["not a JWT", "not-a-jwt"],
    ["three empty parts", ".."],
  ];

  const cookie = (value: string) => ({ cookie: value });
  const entries: HostileIdentity[] = [
    ...tokens.map(([name, token]) => ({ name: `bearer: ${name}`, headers: { authorization: `Bearer ${token}` } })),
    ...tokens.map(([name, token]) => ({ name: `cookie: ${name}`, headers: cookie(`${SESSION_COOKIE}=${token}`) })),
    { name: "bearer: empty", headers: { authorization: "Bearer" } },
    { name: "bearer: empty, with a genuine session cookie", headers: { authorization: "Bearer ", cookie: `${SESSION_COOKIE}=${genuine}` } },
    { name: "bearer: a genuine token and garbage after it", headers: { authorization: `Bearer ${genuine} garbage` } },
    { name: "bearer: garbage after the scheme", headers: { authorization: "Bearer %E0%A4%A ;; =" } },
    { name: "bearer: non-ASCII bytes", headers: { authorization: "Bearer \u00ff\u00fe.\u00e9" } },
    { name: "cookie: malformed percent-encoding", headers: cookie(`theme=dark; ${SESSION_COOKIE}=%E0%A4%A; other=1`) },
    { name: "cookie: every cookie malformed, the locale's repeated", headers: cookie(`NEXT_LOCALE=%E0%A4%A; NEXT_LOCALE=%; ${SESSION_COOKIE}=%zz; =%`) },
    { name: "cookie: non-ASCII bytes", headers: cookie(`${SESSION_COOKIE}=\u00ff\u00fe; theme=\u00e9`) },
    { name: "cookie: a lone %", headers: cookie(`${SESSION_COOKIE}=%`) },
    { name: "cookie: %zz", headers: cookie(`${SESSION_COOKIE}=%zz`) },
    { name: "cookie: a genuine token with a stray %", headers: cookie(`${SESSION_COOKIE}=${genuine}%`) },
    { name: "cookie: a genuine token with an invalid UTF-8 escape", headers: cookie(`${SESSION_COOKIE}=${genuine}%FF`) },
    { name: "cookie: empty value", headers: cookie(`${SESSION_COOKIE}=`) },
    { name: "cookie: blank value", headers: cookie(`${SESSION_COOKIE}=   ; theme=dark`) },
    { name: "cookie: quoted empty value", headers: cookie(`${SESSION_COOKIE}=""`) },
    { name: "cookie: name without a value", headers: cookie(SESSION_COOKIE) },
    { name: "cookie: only separators", headers: cookie(";; ; =;") },
    { name: "cookie: duplicated, the same genuine token twice", headers: cookie(`${SESSION_COOKIE}=${genuine}; ${SESSION_COOKIE}=${genuine}`) },
    { name: "cookie: duplicated, two users' genuine tokens", headers: cookie(`${SESSION_COOKIE}=${genuine};${SESSION_COOKIE} =${otherGenuine}`) },
    { name: "cookie: duplicated, garbage then a genuine token", headers: cookie(`${SESSION_COOKIE}=x; theme=dark; ${SESSION_COOKIE}=${genuine}`) },
    { name: "cookie: oversized garbage value (12 KiB)", headers: cookie(`${SESSION_COOKIE}=${"A".repeat(12 * 1024)}`) },
    {
      name: "cookie: oversized header (20 KiB of other cookies before a genuine token)",
      headers: cookie(`${Array.from({ length: 20 }, (_, i) => `filler${i}=${"f".repeat(1024)}`).join("; ")}; ${SESSION_COOKIE}=${genuine}`),
      refusedOverHttp: true,
    },
  ];
  return { entries, genuine: { userId, token: genuine } };
}
