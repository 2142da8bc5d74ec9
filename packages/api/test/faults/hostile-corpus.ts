import { createHmac } from "node:crypto";

import { TEST_SECRETS } from "../../src/testing";
import { marketCallbackBody, nowSec, signedHeaders } from "./signed-callback";

export const KNOWN_TASK = "hostile-known-task-1";
export const OTHER_KNOWN_TASK = "hostile-known-task-2";
const SECRET = TEST_SECRETS.KIE_CALLBACK_SECRET;

export interface HostileCase {
  name: string;
  method?: string;
  /** Path and query. */
  path?: string;
  /** Header values; an array sends the header several times. */
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
  /** Send the body chunked (no Content-Length). */
  chunked?: boolean;
  expect: 400 | 401 | 405 | 413 | 415 | 202;
}

const JSON_CT = { "content-type": "application/json" };
const json = (value: unknown) => JSON.stringify(value);
const unsigned = (body: Buffer | string, extra: Record<string, string | string[]> = {}) => ({ headers: { ...JSON_CT, ...extra }, body });
const signedFor = (taskId: string, ts: number | string = nowSec()) => signedHeaders(taskId, ts);
const sig = (taskId: string, ts: number | string, key = SECRET) => createHmac("sha256", Buffer.from(key, "utf8")).update(`${taskId}.${ts}`, "utf8").digest();
let unknownCounter = 0;
const unknownTask = () => `hostile-unknown-${++unknownCounter}`;

/** Bodies that never yield a usable task id: 400 whatever the headers say. */
function badBodies(): HostileCase[] {
  const deepArray = "[".repeat(200_000) + "]".repeat(200_000);
  const deepObject = '{"a":'.repeat(60_000) + "1" + "}".repeat(60_000);
  const raw: Array<[string, Buffer | string]> = [
    ["empty body", ""],
    ["whitespace only", "  \n\t "],
    ["null", "null"],
    ["true", "true"],
    ["a number", "12345"],
    ["a string", '"hostile-known-task-1"'],
    ["an empty array", "[]"],
    ["an array holding the callback", json([marketCallbackBody(KNOWN_TASK)])],
    ["an empty object", "{}"],
    ["truncated JSON", '{"taskId":"hostile-known-task-1"'],
    ["trailing garbage", json({ taskId: KNOWN_TASK }) + "garbage"],
    ["two JSON documents", json({ taskId: KNOWN_TASK }) + json({ taskId: KNOWN_TASK })],
    ["single quotes", "{'taskId':'hostile-known-task-1'}"],
    ["JSON with comments", '{/* c */"taskId":"hostile-known-task-1"}'],
    ["byte order mark before JSON", "\uFEFF" + json({ taskId: KNOWN_TASK })],
    ["raw NUL byte inside", Buffer.concat([Buffer.from('{"taskId":"hostile-'), Buffer.from([0]), Buffer.from('known-task-1"}')])],
    ["raw NUL byte alone", Buffer.from([0])],
    ["UTF-16LE encoded JSON", Buffer.from(json({ taskId: KNOWN_TASK }), "utf16le")],
    ["invalid UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0x7d])],
    ["NaN literal", '{"taskId":NaN}'],
    ["deep array nesting (200,000)", deepArray],
    ["deep object nesting (60,000) without a task id", deepObject],
    ["taskId as number", json({ taskId: 12345 })],
    ["taskId as float", json({ taskId: 1.5 })],
    ["taskId as boolean", json({ taskId: true })],
    ["taskId as null", json({ taskId: null })],
    ["taskId as array", json({ taskId: [KNOWN_TASK] })],
    ["taskId as object", json({ taskId: { $ne: null } })],
    ["taskId empty", json({ taskId: "" })],
    ["taskId blank", json({ taskId: "   " })],
    ["taskId 129 characters", json({ taskId: "a".repeat(129) })],
    ["taskId 100,000 characters", json({ taskId: "a".repeat(100_000) })],
    ["taskId Cyrillic", json({ taskId: "задача-1" })],
    ["taskId emoji", json({ taskId: "task-😀" })],
    ["taskId right-to-left override", json({ taskId: "task\u202Eabc" })],
    ["taskId zero-width space", json({ taskId: "hostile-known\u200B-task-1" })],
    ["taskId escaped NUL", json({ taskId: "hostile-known-task-1\u0000" })],
    ["taskId with newline", json({ taskId: "hostile\nknown" })],
    ["taskId path traversal", json({ taskId: "../../etc/passwd" })],
    ["taskId with slash", json({ taskId: "a/b" })],
    ["taskId SQL injection", json({ taskId: "x' or '1'='1" })],
    ["taskId percent-encoded", json({ taskId: "hostile%2Dknown" })],
    ["taskId HTML", json({ taskId: "<script>alert(1)</script>" })],
    ["data.taskId as number", json({ data: { taskId: 1 } })],
    ["data.task_id as object", json({ data: { task_id: { toString: "x" } } })],
    ["data as string", json({ data: `{"taskId":"${KNOWN_TASK}"}` })],
    ["data as array", json({ data: [{ taskId: KNOWN_TASK }] })],
    ["__proto__ carrying taskId", `{"__proto__":{"taskId":"${KNOWN_TASK}"}}`],
    ["constructor.prototype carrying taskId", json({ constructor: { prototype: { taskId: KNOWN_TASK } } })],
    ["data.__proto__ carrying taskId", `{"data":{"__proto__":{"taskId":"${KNOWN_TASK}"}}}`],
    ["__proto__ carrying data", `{"__proto__":{"data":{"taskId":"${KNOWN_TASK}"}}}`],
    ["prototype key carrying taskId", json({ prototype: { taskId: KNOWN_TASK } })],
  ];
  // Even a valid signature for the known task does not rescue a body without a usable task id.
  return raw.map(([name, body], i) => ({ name: `400 body: ${name}`, ...unsigned(body, i % 2 === 0 ? signedFor(KNOWN_TASK) : {}), expect: 400 as const }));
}

function wrongMethods(): HostileCase[] {
  return ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"].map((method) => ({
    name: `405 method ${method}`,
    method,
    ...(method === "GET" || method === "HEAD" ? { headers: signedFor(KNOWN_TASK) } : unsigned(json(marketCallbackBody(KNOWN_TASK)), signedFor(KNOWN_TASK))),
    expect: 405 as const,
  }));
}

function wrongContentTypes(): HostileCase[] {
  const body = json(marketCallbackBody(KNOWN_TASK));
  const types: Array<string | undefined> = [
    undefined,
    "",
    "text/plain",
    "text/json",
    "application/jsonp",
    "application/javascript",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "json",
    "application/octet-stream",
  ];
  return types.map((type) => {
    const headers: Record<string, string> = { ...signedFor(KNOWN_TASK) };
    if (type === undefined) delete headers["content-type"];
    else headers["content-type"] = type;
    return { name: `415 content type ${type === undefined ? "missing" : JSON.stringify(type)}`, headers, body, expect: 415 as const };
  });
}

function oversized(): HostileCase[] {
  const big = json({ taskId: KNOWN_TASK, pad: "x".repeat(1_100_000) });
  return [
    { name: "413 body over 1 MB with Content-Length", ...unsigned(big, signedFor(KNOWN_TASK)), expect: 413 },
    { name: "413 body over 1 MB chunked (no Content-Length)", ...unsigned(big, signedFor(KNOWN_TASK)), chunked: true, expect: 413 },
    { name: "413 5 MB of NUL bytes", ...unsigned(Buffer.alloc(5_000_000)), expect: 413 },
  ];
}

/** Well-formed callbacks for a known task that are not correctly signed: 401, logged as bad_signature. */
function badSignatures(): HostileCase[] {
  const body = json(marketCallbackBody(KNOWN_TASK));
  const ts = nowSec();
  const good = sig(KNOWN_TASK, ts).toString("base64");
  const cases: Array<[string, Record<string, string | string[]>, string?]> = [
    ["no signature, no token", {}],
    ["timestamp only", { "x-webhook-timestamp": String(ts) }],
    ["signature only", { "x-webhook-signature": good }],
    ["empty signature", { "x-webhook-timestamp": String(ts), "x-webhook-signature": "" }],
    [
      "signature by another key",
      { "x-webhook-timestamp": String(ts), "x-webhook-signature": sig(KNOWN_TASK, ts, "another-key-0123456789").toString("base64") },
    ],
    ["signature replayed from another known task", signedFor(OTHER_KNOWN_TASK, ts)],
    ["signature replayed from an unknown task", signedFor("some-other-task", ts)],
    ["signature for another timestamp", { "x-webhook-timestamp": String(ts), "x-webhook-signature": sig(KNOWN_TASK, ts - 1).toString("base64") }],
    ["hex instead of base64", { "x-webhook-timestamp": String(ts), "x-webhook-signature": sig(KNOWN_TASK, ts).toString("hex") }],
    ["base64 upper-cased", { "x-webhook-timestamp": String(ts), "x-webhook-signature": good.toUpperCase() }],
    ["base64 truncated", { "x-webhook-timestamp": String(ts), "x-webhook-signature": good.slice(0, -4) }],
    ["base64 with extra padding", { "x-webhook-timestamp": String(ts), "x-webhook-signature": `${good}==` }],
    ["sha256= prefix", { "x-webhook-timestamp": String(ts), "x-webhook-signature": `sha256=${good}` }],
    ["signature twice (good, good)", { "x-webhook-timestamp": String(ts), "x-webhook-signature": [good, good] }],
    ["signature twice (bad, good)", { "x-webhook-timestamp": String(ts), "x-webhook-signature": ["AAAA", good] }],
    ["timestamp twice", { "x-webhook-timestamp": [String(ts), String(ts)], "x-webhook-signature": good }],
    ["timestamp 301 s old", signedFor(KNOWN_TASK, ts - 301)],
    // Ahead by more than the tolerance plus however long the corpus takes to run.
    ["timestamp 6 minutes ahead", signedFor(KNOWN_TASK, ts + 360)],
    ["timestamp a year old", signedFor(KNOWN_TASK, ts - 31_536_000)],
    ["timestamp 0", signedFor(KNOWN_TASK, 0)],
    ["timestamp far future (11 digits)", signedFor(KNOWN_TASK, 99_999_999_999)],
    ["timestamp 13 digits (milliseconds)", signedFor(KNOWN_TASK, Date.now())],
    ["timestamp negative", signedFor(KNOWN_TASK, -1)],
    ["timestamp float", signedFor(KNOWN_TASK, `${ts}.5`)],
    ["timestamp exponent", signedFor(KNOWN_TASK, "1.7e9")],
    ["timestamp hex", signedFor(KNOWN_TASK, `0x${ts.toString(16)}`)],
    ["timestamp with plus sign", signedFor(KNOWN_TASK, `+${ts}`)],
    ["timestamp words", signedFor(KNOWN_TASK, "yesterday")],
    ["valid HMAC of the task with a wrong ?secret= (HMAC wins, then stale)", signedFor(KNOWN_TASK, ts - 1000), "?secret=wrong"],
    ["bad HMAC with the right ?secret= (HMAC wins)", { "x-webhook-timestamp": String(ts), "x-webhook-signature": "AAAA" }, `?secret=${SECRET}`],
    ["?secret= empty", {}, "?secret="],
    ["?secret= wrong", {}, "?secret=wrong"],
    ["?secret= with a NUL appended", {}, `?secret=${SECRET}%00`],
    ["?secret= upper-cased", {}, `?secret=${SECRET.toUpperCase()}`],
    ["?secret= with a trailing space", {}, `?secret=${SECRET}%20`],
    ["?secret= prefix only", {}, `?secret=${SECRET.slice(0, 10)}`],
    ["?secret= doubled", {}, `?secret=${SECRET}${SECRET}`],
    ["?Secret= (wrong case of the name)", {}, `?Secret=${SECRET}`],
    ["?secret[]=", {}, `?secret[]=${SECRET}`],
    ["?token= instead of ?secret=", {}, `?token=${SECRET}`],
    ["?secret= wrong first, right second", {}, `?secret=wrong&secret=${SECRET}`],
    ["?secret= malformed percent-encoding", {}, "?secret=%ZZ%"],
    ["secret in a header instead", { "x-webhook-secret": SECRET }],
    ["secret as Authorization bearer", { authorization: `Bearer ${SECRET}` }],
  ];
  const base64url = good.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  if (base64url !== good.replace(/=+$/, ""))
    cases.push(["base64url instead of base64", { "x-webhook-timestamp": String(ts), "x-webhook-signature": base64url }]);
  // Hostile bodies with a usable known task id but no valid signature.
  const bodies: Array<[string, string]> = [
    ["known task plus __proto__ payload", `{"taskId":"${KNOWN_TASK}","__proto__":{"polluted":true}}`],
    ["known task in data plus constructor payload", json({ data: { taskId: KNOWN_TASK }, constructor: { prototype: { polluted: true } } })],
    ["known task with 60,000-deep nesting beside it", `{"taskId":"${KNOWN_TASK}","n":${'{"a":'.repeat(60_000)}1${"}".repeat(60_000)}}`],
    ["known task with escaped NULs elsewhere", json({ taskId: KNOWN_TASK, msg: "\u0000\u0000" })],
  ];
  return [
    ...cases.map(([name, headers, query]) => ({
      name: `401 ${name}`,
      path: `/api/webhooks/kie${query ?? ""}`,
      headers: { ...JSON_CT, ...headers },
      body,
      expect: 401 as const,
    })),
    ...bodies.map(([name, b]) => ({ name: `401 ${name}`, ...unsigned(b), expect: 401 as const })),
  ];
}

/** Correctly signed callbacks for tasks we never created: 202 (stored as unknown_task), nothing else. */
function signedUnknown(): HostileCase[] {
  const make = (name: string, build: (taskId: string) => string): HostileCase => {
    const taskId = unknownTask();
    return { name: `202 signed unknown task: ${name}`, headers: signedFor(taskId), body: build(taskId), expect: 202 };
  };
  return [
    make("plain", (t) => json(marketCallbackBody(t))),
    make("task id in data.task_id (Runway shape)", (t) => json({ code: 200, data: { task_id: t } })),
    make("top-level taskId wins over a known data.taskId", (t) => json({ taskId: t, data: { taskId: KNOWN_TASK } })),
    make("__proto__ payload", (t) => `{"taskId":"${t}","__proto__":{"polluted":true},"data":{"__proto__":{"polluted":true}}}`),
    make("constructor.prototype payload", (t) => json({ taskId: t, constructor: { prototype: { polluted: true } } })),
    make("unicode everywhere else", (t) => json({ taskId: t, msg: "задача 😀 \u202E \u200B", data: { state: "成功" } })),
    make("escaped NUL bytes elsewhere", (t) => json({ taskId: t, msg: "a\u0000b", data: { resultJson: "\u0000" } })),
    make("lone surrogate escapes", (t) => `{"taskId":"${t}","msg":"\\ud800\\udfff\\ud800"}`),
    make("deep nesting beside the id", (t) => `{"taskId":"${t}","n":${"[".repeat(50_000)}${"]".repeat(50_000)}}`),
    make("900 KB of padding", (t) => json({ taskId: t, pad: "p".repeat(900_000) })),
    make("result URLs pointing at private hosts", (t) =>
      json({ taskId: t, data: { resultJson: json({ resultUrls: ["http://169.254.169.254/latest/meta-data", "file:///etc/passwd"] }) } }),
    ),
    make("code 500 failure shape", (t) => json({ code: 501, msg: "failed", data: { taskId: t, state: "fail", failMsg: "x".repeat(10_000) } })),
  ];
}

/** A seeded PRNG so a failing fuzz case can be reproduced. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generated variants: random bytes as JSON (400), random signatures and timestamps for the known task (401). */
function fuzz(count: number, seed = 7): HostileCase[] {
  const random = mulberry32(seed);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const cases: HostileCase[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 3;
    if (kind === 0) {
      // Random bytes opening with "{" so the parser gets past the first character.
      cases.push({ name: `400 fuzz #${i} random bytes`, ...unsigned(Buffer.concat([Buffer.from("{"), bytes(1 + Math.floor(random() * 2000))])), expect: 400 });
    } else if (kind === 1) {
      const ts = String(nowSec());
      cases.push({
        name: `401 fuzz #${i} random signature`,
        ...unsigned(json(marketCallbackBody(KNOWN_TASK)), { "x-webhook-timestamp": ts, "x-webhook-signature": bytes(32).toString("base64") }),
        expect: 401,
      });
    } else {
      const offset = Math.floor(360 + random() * 1e9) * (random() < 0.5 ? -1 : 1);
      cases.push({
        name: `401 fuzz #${i} timestamp off by ${offset} s`,
        ...unsigned(json(marketCallbackBody(KNOWN_TASK)), signedFor(KNOWN_TASK, nowSec() + offset)),
        expect: 401,
      });
    }
  }
  return cases;
}

export function hostileCorpus(fuzzCount: number): HostileCase[] {
  return [...badBodies(), ...wrongMethods(), ...wrongContentTypes(), ...oversized(), ...badSignatures(), ...signedUnknown(), ...fuzz(fuzzCount)];
}
