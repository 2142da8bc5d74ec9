/**
 * Lighthouse (performance + accessibility) on /library with 200 generations, on a production build.
 *
 *   pnpm lighthouse                 # build + start web, seed 200 generations, 3 runs each of mobile and desktop
 *   pnpm lighthouse -- --runs 5     # more runs (the median is reported)
 *   pnpm lighthouse -- --hold       # no runs: keep the seeded system up and print its URL and cookie (Ctrl-C ends)
 *   pnpm lighthouse -- --baseline   # also score tooling/lighthouse-baseline (the smallest Next.js page) the same way
 *
 * After the Lighthouse runs, a slow-phone check (390 px, touch, CPU slowed 4×) prints when /library's first thumbnails
 * became visible and when a tap on a tile was answered (figures, not pass/fail).
 *
 * Starts its own system (embedded Postgres, KIE simulator, workers, `next build` + `next start` of apps/web) in a
 * throwaway data dir, makes one real photo through the studio API (simulator → webhook → ingest), copies its
 * thumbnail and preview for 199 more rows, then runs Lighthouse against Debian's Chromium (CHROMIUM_PATH or
 * /usr/bin/chromium), headless, on loopback only. Reports: artifacts/lighthouse/; summary: bench-results/.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { createCaller, createTRPCContext } from "@lensroom/api";
import { localUserId, mintAccessToken, SESSION_COOKIE } from "@lensroom/api/auth";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

import { seedLibraryCopies } from "../e2e/lib/library-seed";
import { freePorts, freeSystemPorts } from "../e2e/lib/free-ports";
import { slowPhoneCheck } from "../e2e/lib/slow-phone";
import { launchChromium } from "./lib/launch-chromium";
import { generateSecrets } from "./lib/local-secrets";
import { ROOT_DIR } from "./lib/repo-paths";
import { startNext } from "./lib/start-next";
import { startSystem } from "./lib/start-system";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    runs: { type: "string", default: "3" },
    count: { type: "string", default: "200" },
    hold: { type: "boolean", default: false },
    baseline: { type: "boolean", default: false },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const COUNT = Math.max(1, Number(args.count));

const id = randomBytes(4).toString("hex");
const dataDir = path.join(ROOT_DIR, ".data", `lighthouse-${id}`);
const reportDir = path.join(ROOT_DIR, "artifacts", "lighthouse");
await mkdir(reportDir, { recursive: true });

const env: Record<string, string | undefined> = { ...process.env };
for (const name of ["PUBLIC_WEB_URL", "KIE_BASE_URL", "DATABASE_URL", "STORAGE_LOCAL_DIR", "LENSROOM_DATA_DIR", "SUPABASE_URL"]) delete env[name];
// Its own build folder, so a `next start` someone else is running from apps/web/.next keeps its files.
Object.assign(env, generateSecrets(), { LENSROOM_MODE: "embedded", AUTH_ALLOW_LOCAL_SIGN_IN: "true", NEXT_DIST_DIR: ".next-lighthouse" });

const log: string[] = [];
console.log("[lighthouse] starting the system (next build + next start of apps/web)…");
const system = await startSystem({
  rootDir: ROOT_DIR,
  dataDir,
  ports: await freeSystemPorts(),
  nextMode: "start",
  env,
  ephemeral: true,
  apps: ["web"],
  log: (line) => log.push(line),
}).catch(async (error: unknown) => {
  await writeFile(path.join(reportDir, "system.log"), log.join("\n"));
  await rm(dataDir, { recursive: true, force: true });
  throw error;
});

const chromium = await launchChromium();
// What this machine allows a Next.js page at all: the smallest app (one client component), built and served the same way.
const baseline = args.baseline
  ? await (async () => {
      const [port = 0] = await freePorts(1);
      const server = await startNext({
        name: "baseline",
        appDir: path.join(ROOT_DIR, "tooling", "lighthouse-baseline"),
        port,
        mode: "start",
        env: { ...env, NEXT_DIST_DIR: ".next-lighthouse" },
        onLine: (line) => log.push(line),
      });
      return { server, url: `http://localhost:${port}/` };
    })()
  : null;
try {
  // One real generation through the API (create → simulator → webhook → ingest), then copies of its files.
  const email = "lighthouse@example.test";
  const userId = localUserId(email);
  const secret = system.env.AUTH_JWT_SECRET ?? "";
  const token = await mintAccessToken({ userId, email, expiresInSeconds: 3600 }, { secret });
  const caller = createCaller(await createTRPCContext({ headers: new Headers({ authorization: `Bearer ${token}` }), services: system.services }));
  const model = (await caller.studio.models()).find((m) => m.type === "photo");
  if (!model) throw new Error("no photo model");
  const created = await caller.studio.create({
    type: "photo",
    modelId: model.id,
    prompt: "a reading room with tall arched windows, morning light",
    aspectRatio: model.aspectRatios[0],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [item] = await caller.library.byIds({ ids: [created.id] });
    if (item?.status === "success") break;
    if (item?.status === "failed" || Date.now() > deadline) throw new Error(`template generation ended as ${item?.status ?? "missing"}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await seedLibraryCopies({
    databaseUrl: system.databaseUrl,
    storageDir: system.env.STORAGE_LOCAL_DIR ?? "",
    templateId: created.id,
    count: COUNT - 1,
  });
  console.log(`[lighthouse] ${COUNT} generations ready for ${email}`);

  const url = `${system.webUrl}/library`;
  const headers = { Cookie: `${SESSION_COOKIE}=${token}` };
  // Warm the server (first render after start compiles nothing but fills caches), so run 1 is not an outlier.
  for (let i = 0; i < 2; i++) await fetch(url, { headers, signal: AbortSignal.timeout(60_000) }).then((r) => r.text());

  if (args.hold) {
    console.log(`[lighthouse] holding: ${url}\n[lighthouse] cookie: ${headers.Cookie}\n[lighthouse] Ctrl-C to stop`);
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  }

  const targets = [{ page: "/library", url, headers }, ...(baseline ? [{ page: "baseline", url: baseline.url, headers: {} }] : [])];
  const results: Array<{
    page: string;
    form: string;
    run: number;
    performance: number;
    accessibility: number;
    lcpMs: number;
    cls: number;
    tbtMs: number;
    fcpMs: number;
    bytes: number;
    failing: string[];
  }> = [];
  for (const form of ["mobile", "desktop"] as const) {
    // Runs alternate between the pages, so both see the same machine.
    for (let run = 1; run <= (args.hold ? 0 : RUNS); run++)
      for (const target of targets) {
        const outcome = await lighthouse(
          target.url,
          { port: chromium.port, output: "html", logLevel: "error", onlyCategories: ["performance", "accessibility"], extraHeaders: target.headers },
          form === "desktop" ? desktopConfig : undefined,
        );
        if (!outcome) throw new Error("lighthouse returned nothing");
        const { lhr } = outcome;
        if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const audit = (name: string) => lhr.audits[name]?.numericValue ?? Number.NaN;
        const failing = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
          .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
        const row = {
          page: target.page,
          form,
          run,
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          lcpMs: Math.round(audit("largest-contentful-paint")),
          cls: Number(audit("cumulative-layout-shift").toFixed(3)),
          tbtMs: Math.round(audit("total-blocking-time")),
          fcpMs: Math.round(audit("first-contentful-paint")),
          bytes: Math.round(audit("total-byte-weight")),
          failing,
        };
        results.push(row);
        const report = Array.isArray(outcome.report) ? (outcome.report[0] ?? "") : outcome.report;
        await writeFile(path.join(reportDir, `${target.page === "baseline" ? "baseline" : "library"}-${form}-${run}.html`), report);
        console.log(
          `[lighthouse] ${target.page} ${form} run ${run}: performance ${row.performance}, accessibility ${row.accessibility}, LCP ${row.lcpMs} ms, CLS ${row.cls}, TBT ${row.tbtMs} ms${failing.length ? `; below 0.9: ${failing.join(", ")}` : ""}`,
        );
      }
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  console.log(
    "\n| page | form factor | runs | performance (median, min) | accessibility | LCP ms | CLS | TBT ms | page bytes |\n|---|---|---|---|---|---|---|---|---|",
  );
  for (const { page } of targets)
    for (const form of ["mobile", "desktop"]) {
      const rows = results.filter((r) => r.form === form && r.page === page);
      const pick = (key: "performance" | "accessibility" | "lcpMs" | "cls" | "tbtMs" | "bytes") => median(rows.map((r) => r[key]));
      console.log(
        `| ${page} | ${form} | ${rows.length} | ${pick("performance")} (${Math.min(...rows.map((r) => r.performance))}) | ${pick("accessibility")} | ${pick("lcpMs")} | ${pick("cls")} | ${pick("tbtMs")} | ${pick("bytes")} |`,
      );
    }
  const slowPhone = args.hold ? null : await slowPhoneCheck({ url, cookie: { name: SESSION_COOKIE, value: token } });
  if (slowPhone) {
    console.log(
      `\n[lighthouse] slow phone (390 px, 4× CPU): first thumbnail visible ${slowPhone.firstThumbnailMs} ms, first screen's thumbnails ${slowPhone.firstScreenThumbnailsMs} ms, a tap on a tile answered at ${slowPhone.tapAnsweredMs} ms (that tap took ${slowPhone.tapLatencyMs} ms)`,
    );
  }
  const outDir = path.join(ROOT_DIR, "bench-results");
  await mkdir(outDir, { recursive: true });
  const summary = {
    when: new Date().toISOString(),
    url: "/library",
    generations: COUNT,
    machine: { cpus: os.cpus().length, loadavg: os.loadavg(), node: process.version },
    chromium: chromium.version,
    results,
    slowPhone,
  };
  await writeFile(path.join(outDir, `lighthouse-${summary.when.replace(/[:.]/g, "-")}.json`), JSON.stringify(summary, null, 2));
  console.log(`\n[lighthouse] reports: ${path.relative(ROOT_DIR, reportDir)}/library-*.html`);
} finally {
  await baseline?.server.stop();
  await chromium.close();
  await system.stop();
  await rm(dataDir, { recursive: true, force: true });
}
