import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { identityFromHeaders, readAccessToken } from "../src/auth/request-identity";
import { createSyncTaskHandler } from "../src/http/sync-task-route";
import { createTestServices, tokenFor } from "../src/testing";
import { USER_A } from "./helpers";

const MALFORMED = ["%E0%A4%A", "%", "%zz", "%C0%80%", "abc%"];

// A cookie is whatever the browser (or an attacker) sends: a value that does not percent-decode is no session, and
// never a 500 on every page and procedure.
describe("a malformed session cookie", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
  });
  afterAll(async () => env?.services.close());

  it.each(MALFORMED)("lr_session=%s reads as no token, and the request as anonymous", async (value) => {
    const headers = new Headers({ cookie: `theme=dark; lr_session=${value}; other=1` });
    expect(readAccessToken(headers)).toBeNull();
    expect(await identityFromHeaders(headers, env.services.tokens)).toBeNull();
  });

  it("still reads a good cookie, and a bearer header before any cookie", async () => {
    const token = await tokenFor(USER_A);
    expect(readAccessToken(new Headers({ cookie: `lr_session=${encodeURIComponent(token)}` }))).toBe(token);
    expect(readAccessToken(new Headers({ authorization: `Bearer ${token}`, cookie: "lr_session=%E0%A4%A" }))).toBe(token);
    expect(await identityFromHeaders(new Headers({ cookie: `lr_session=${token}` }), env.services.tokens)).toMatchObject({ userId: USER_A });
  });

  it("POST /api/sync-task with it answers 401, not 500", async () => {
    const handle = createSyncTaskHandler(async () => env.services);
    for (const value of MALFORMED) {
      const response = await handle(new Request("http://127.0.0.1/api/sync-task?taskId=t-1", { method: "POST", headers: { cookie: `lr_session=${value}` } }));
      expect(response.status).toBe(401);
    }
  });
});
