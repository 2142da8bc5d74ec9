import http from "node:http";
import type { AddressInfo } from "node:net";

import { base64url, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";

/**
 * A stand-in for Supabase Auth's key endpoint on 127.0.0.1: serves `/auth/v1/.well-known/jwks.json` with one ES256
 * public key and signs tokens the way a Supabase project with asymmetric signing keys does.
 */
export async function startFakeSupabaseAuth() {
  const project = await generateKeyPair("ES256", { extractable: true });
  const other = await generateKeyPair("ES256", { extractable: true });
  const kid = "fake-supabase-key-1";
  const publicJwk = { ...(await exportJWK(project.publicKey)), kid, alg: "ES256", use: "sig" };
  let requests = 0;
  let delayMs = 0;

  /** Accounts for the password grant: email → password and user id. */
  const accounts = new Map<string, { password: string; sub: string; appRole?: string }>();
  let passwordGrants = 0;

  const server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/auth/v1/token?grant_type=password") {
      passwordGrants++;
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => {
        const { email, password } = JSON.parse(raw || "{}") as { email?: string; password?: string };
        const account = email ? accounts.get(email) : undefined;
        if (req.headers.apikey !== "fake-anon-key-0123456789" || !account || account.password !== password) {
          res
            .writeHead(400, { "content-type": "application/json" })
            .end(JSON.stringify({ error: "invalid_grant", error_description: "Invalid login credentials" }));
          return;
        }
        void sign(account.sub, { appRole: account.appRole }).then((token) =>
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: token, token_type: "bearer", expires_in: 600 })),
        );
      });
      return;
    }
    if (req.url !== "/auth/v1/.well-known/jwks.json") {
      res.writeHead(404).end();
      return;
    }
    requests++;
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [publicJwk] }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/auth/v1`;

  const baseClaims = (sub: string, appRole?: string): JWTPayload => ({
    role: "authenticated",
    email: `${sub.slice(0, 8)}@example.test`,
    app_metadata: { provider: "email", ...(appRole ? { role: appRole } : {}) },
  });

  /** An access token as Supabase Auth would issue it (ES256, project key), with optional changes. */
  async function sign(
    sub: string,
    options: { appRole?: string; expiresInSeconds?: number; key?: "project" | "other"; kid?: string; issuer?: string; audience?: string } = {},
  ) {
    const key: CryptoKey = options.key === "other" ? other.privateKey : project.privateKey;
    return new SignJWT(baseClaims(sub, options.appRole))
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: options.kid ?? kid })
      .setSubject(sub)
      .setAudience(options.audience ?? "authenticated")
      .setIssuer(options.issuer ?? issuer)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 600))
      .sign(key);
  }

  /** A legacy-project token: HS256 with the project's JWT secret. */
  async function signHs256(sub: string, secret: string | Uint8Array, options: { appRole?: string; issuer?: string } = {}) {
    return new SignJWT(baseClaims(sub, options.appRole))
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(sub)
      .setAudience("authenticated")
      .setIssuer(options.issuer ?? issuer)
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(typeof secret === "string" ? new TextEncoder().encode(secret) : secret);
  }

  /** An unsecured token (`alg: none`) with otherwise valid claims. */
  function unsigned(sub: string, options: { appRole?: string; issuer?: string } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const payload = base64url.encode(
      JSON.stringify({ ...baseClaims(sub, options.appRole), sub, aud: "authenticated", iss: options.issuer ?? issuer, iat: now, exp: now + 600 }),
    );
    return `${header}.${payload}.`;
  }

  return {
    url,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    publicJwk,
    sign,
    signHs256,
    unsigned,
    requests: () => requests,
    anonKey: "fake-anon-key-0123456789",
    addAccount: (email: string, password: string, sub: string, appRole?: string) => void accounts.set(email, { password, sub, appRole }),
    passwordGrants: () => passwordGrants,
    setDelay: (ms: number) => void (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeSupabaseAuth = Awaited<ReturnType<typeof startFakeSupabaseAuth>>;
