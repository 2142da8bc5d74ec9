// `pnpm bench --only listing`: library.list on 1,000,000 generations (10,000 users × 90 + one heavy user × 100,000).
// Keyset (ours) vs ORDER BY … LIMIT/OFFSET (naive), first page and a page 50,000 rows deep, through the real tRPC
// procedure and as raw SQL. Options: --keyset-iterations N (1000), --offset-iterations N (30).
import { parseArgs } from "node:util";

import { createCaller, createTRPCContext } from "@lensroom/api";
import { createTestServices, tokenFor } from "@lensroom/api/testing";
import { generations } from "@lensroom/db";
import { startTestPostgres } from "@lensroom/db/testing";
import { desc, eq } from "drizzle-orm";

import { encodeCursor } from "../packages/api/src/lib/keyset-cursor";
import { libraryColumns, toLibraryItem } from "../packages/api/src/services/library-item";
import { placeholderDataUrl } from "../packages/media/src/placeholder-data-url";
import { ms, printTable, ratio, summarize, timePair, writeResult } from "./bench/report";

const { values } = parseArgs({
  options: { "keyset-iterations": { type: "string", default: "1000" }, "offset-iterations": { type: "string", default: "30" } },
  strict: false,
});
const KEYSET_N = Number(values["keyset-iterations"]);
const OFFSET_N = Number(values["offset-iterations"]);
const HEAVY_USER = "00000000-0000-4000-8000-00000000beef";
const USERS = 10_000;
const PER_USER = 90;
const HEAVY_ROWS = 100_000;
const DEPTH = 50_000;
const PAGE = 48;

/** Wait (≤ 60 s) until no autovacuum worker runs, so background maintenance does not land in the samples. */
async function waitForAutovacuumIdle() {
  for (let waited = 0; waited < 60_000; waited += 500) {
    const [{ n }] = (await sql`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`) as unknown as [{ n: number }];
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const pg = await startTestPostgres();
const { services } = await createTestServices({ adminUrl: pg.adminUrl, template: pg.template, kieBaseUrl: "http://127.0.0.1:9" });
const { sql } = services;

try {
  const loadStarted = performance.now();
  // Rows shaped like ingested ones (URLs, sizes, ThumbHash and its stored placeholder), so pages read realistic widths.
  const thumbhash = "YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw";
  const placeholder = await placeholderDataUrl(thumbhash);
  const columns = sql`user_id, type, model, prompt, status, asset_url, preview_url, thumbnail_url, asset_path, thumbnail_path,
    asset_mime, asset_bytes, width, height, thumbhash, placeholder, media_status, created_at, updated_at, completed_at`;
  const rowValues = (user: string, g: string) => sql`${sql.unsafe(user)}, case when ${sql.unsafe(g)} % 7 = 0 then 'video' else 'photo' end::generation_type,
    'flux-kontext-pro', 'a bench prompt about a lighthouse at dusk, number ' || ${sql.unsafe(g)}, 'success',
    'http://127.0.0.1:3000/storage/v1/object/public/generations/' || ${sql.unsafe(user)} || '/' || md5(${sql.unsafe(g)}::text) || '/original.png?v=1',
    'http://127.0.0.1:3000/storage/v1/object/public/generations/' || ${sql.unsafe(user)} || '/' || md5(${sql.unsafe(g)}::text) || '/preview.webp?v=1',
    'http://127.0.0.1:3000/storage/v1/object/public/generations/' || ${sql.unsafe(user)} || '/' || md5(${sql.unsafe(g)}::text) || '/thumb.webp?v=1',
    ${sql.unsafe(user)} || '/' || md5(${sql.unsafe(g)}::text) || '/original.png', ${sql.unsafe(user)} || '/' || md5(${sql.unsafe(g)}::text) || '/thumb.webp',
    'image/png', 1500000, 1024, 1024, ${thumbhash}, ${placeholder}, 'ready'`;
  await sql`set synchronous_commit = off`;
  // Load first, index after (each index is recreated from its own migrated definition): building each B-tree once
  // is much cheaper than maintaining five of them row by row (docs/performance.md, "Library listing").
  const indexes =
    (await sql`select indexname, indexdef from pg_indexes where tablename = 'generations' and indexname <> 'generations_pkey'`) as unknown as Array<{
      indexname: string;
      indexdef: string;
    }>;
  for (const index of indexes) await sql.unsafe(`drop index ${index.indexname}`);
  // Ordinary users: 10,000 × 90, spread over the last year. Narrower rows (no URLs) to keep the load under a
  // minute on a small machine: they only have to be there, in the same table and indexes; the heavy user is measured.
  const slice = 2_500;
  for (let from = 0; from < USERS; from += slice) {
    await sql`insert into generations (user_id, type, model, prompt, status, media_status, created_at, updated_at)
      select md5('bench-user-' || u)::uuid, 'photo', 'flux-kontext-pro', 'prompt ' || k, 'success', 'ready',
        now() - (random() * interval '365 days'), now()
      from generate_series(${from}::int, ${from + slice - 1}::int) u, generate_series(1, ${PER_USER}::int) k`;
  }
  // The heavy user: 100,000 rows, one every ~5 minutes back from now, plus timestamp ties every 10th row.
  await sql`insert into generations (${columns})
    select ${rowValues(`'${HEAVY_USER}'::uuid`, "(20000000 + g)")},
      now() - ((g - g % 10) * interval '5 minutes'), now(), now()
    from generate_series(1, ${HEAVY_ROWS}::int) g`;
  await sql`set maintenance_work_mem = '256MB'`;
  for (const index of indexes) await sql.unsafe(index.indexdef);
  // Leave the table as a live one would be: vacuumed (visibility map set, so autovacuum does not wake up during the
  // timed loop) and checkpointed (the load's dirty buffers are not flushed in the middle of a sample).
  await sql`vacuum (analyze) generations`;
  await sql`checkpoint`;
  await waitForAutovacuumIdle();
  const [{ n }] = (await sql`select count(*)::int as n from generations`) as unknown as [{ n: number }];
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const [{ version }] = (await sql`select version()`) as unknown as [{ version: string }];
  console.log(`loaded ${n.toLocaleString("en")} generations in ${loadSeconds.toFixed(1)} s (+ ANALYZE); ${version.split(",")[0]}`);

  // The cursor of the row just above a page 50,000 rows deep (what keyset walking would hand the client).
  const [anchor] = (await sql`select created_at::text as c, id from generations where user_id = ${HEAVY_USER}
    order by created_at desc, id desc offset ${DEPTH - 1} limit 1`) as unknown as [{ c: string; id: string }];
  const deepCursor = encodeCursor({ at: anchor.c, id: anchor.id });

  const headers = new Headers({ authorization: `Bearer ${await tokenFor(HEAVY_USER)}` });
  const viaProcedure = async (cursor: string | null) => {
    const caller = createCaller(await createTRPCContext({ services, headers }));
    return caller.library.list({ limit: PAGE, cursor });
  };
  // The naive procedure body: the same columns and mapping, paged by OFFSET.
  const viaOffsetService = async (offset: number) => {
    const rows = await services.db
      .select(libraryColumns)
      .from(generations)
      .where(eq(generations.userId, HEAVY_USER))
      .orderBy(desc(generations.createdAt), desc(generations.id))
      .limit(PAGE)
      .offset(offset);
    return rows.map(toLibraryItem);
  };
  const rawKeyset = (cursor: { c: string; id: string } | null) =>
    cursor
      ? sql`select * from generations where user_id = ${HEAVY_USER} and (created_at, id) < (${cursor.c}::timestamptz, ${cursor.id}::uuid)
          order by created_at desc, id desc limit ${PAGE + 1}`
      : sql`select * from generations where user_id = ${HEAVY_USER} order by created_at desc, id desc limit ${PAGE + 1}`;
  const rawOffset = (offset: number) =>
    sql`select * from generations where user_id = ${HEAVY_USER} order by created_at desc, id desc limit ${PAGE} offset ${offset}`;

  // Sanity: the deep keyset page and the deep OFFSET page are the same rows.
  const deepKeysetPage = await viaProcedure(deepCursor);
  const deepOffsetPage = await viaOffsetService(DEPTH);
  if (deepKeysetPage.items.map((i) => i.id).join() !== deepOffsetPage.map((i) => i.id).join()) throw new Error("keyset and OFFSET pages differ");
  const plan = (await sql`explain (analyze, buffers, format text) select * from generations where user_id = ${HEAVY_USER}
    and (created_at, id) < (${anchor.c}::timestamptz, ${anchor.id}::uuid) order by created_at desc, id desc limit ${PAGE + 1}`) as unknown as Array<
    Record<string, string>
  >;
  const planText = plan.map((r) => Object.values(r)[0]).join("\n");

  const deepEvery = Math.max(1, Math.floor(KEYSET_N / OFFSET_N));
  const cases = [
    {
      what: "first page, procedure",
      ...(await timePair(
        KEYSET_N,
        () => viaProcedure(null),
        () => viaOffsetService(0),
      )),
    },
    {
      what: "first page, raw SQL",
      ...(await timePair(
        KEYSET_N,
        () => rawKeyset(null),
        () => rawOffset(0),
      )),
    },
    {
      what: `page ${DEPTH.toLocaleString("en")} rows deep, procedure`,
      ...(await timePair(
        KEYSET_N,
        () => viaProcedure(deepCursor),
        () => viaOffsetService(DEPTH),
        deepEvery,
      )),
    },
    {
      what: `page ${DEPTH.toLocaleString("en")} rows deep, raw SQL`,
      ...(await timePair(
        KEYSET_N,
        () => rawKeyset(anchor),
        () => rawOffset(DEPTH),
        deepEvery,
      )),
    },
  ].map((c) => ({ what: c.what, ours: summarize(c.ours), naive: summarize(c.naive) }));

  // Server-side execution time (EXPLAIN ANALYZE), less sensitive to a busy machine than wall-clock round trips.
  const executionMs = async (query: string, iterations: number) => {
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const rows = (await sql.unsafe(`explain (analyze, format json) ${query}`)) as unknown as Array<{ "QUERY PLAN": Array<{ "Execution Time": number }> }>;
      samples.push(rows[0]?.["QUERY PLAN"][0]?.["Execution Time"] ?? Number.NaN);
    }
    return summarize(samples);
  };
  const serverSide = {
    deepKeyset: await executionMs(
      `select * from generations where user_id = '${HEAVY_USER}' and (created_at, id) < ('${anchor.c}'::timestamptz, '${anchor.id}'::uuid) order by created_at desc, id desc limit ${PAGE + 1}`,
      KEYSET_N,
    ),
    deepOffset: await executionMs(
      `select * from generations where user_id = '${HEAVY_USER}' order by created_at desc, id desc limit ${PAGE} offset ${DEPTH}`,
      OFFSET_N,
    ),
  };

  console.log(`\nLibrary listing, heavy user (${HEAVY_ROWS.toLocaleString("en")} of ${n.toLocaleString("en")} rows), ${PAGE} per page, ms\n`);
  printTable(
    ["page", "keyset p50", "keyset p99", "OFFSET p50", "OFFSET p99", "p99 ratio", "n (keyset/OFFSET)"],
    cases.map((c) => [c.what, ms(c.ours.p50), ms(c.ours.p99), ms(c.naive.p50), ms(c.naive.p99), ratio(c.naive.p99, c.ours.p99), `${c.ours.n}/${c.naive.n}`]),
  );
  console.log(
    `\nserver execution time (EXPLAIN ANALYZE), deep page: keyset p50 ${ms(serverSide.deepKeyset.p50, 3)} / p99 ${ms(serverSide.deepKeyset.p99, 3)} ms; OFFSET p50 ${ms(serverSide.deepOffset.p50)} / p99 ${ms(serverSide.deepOffset.p99)} ms; p50 ratio ${ratio(serverSide.deepOffset.p50, serverSide.deepKeyset.p50)}`,
  );
  const first = cases[0];
  const deep = cases[2];
  const targets = {
    // Issue 17: a page 50,000 rows deep costs what the first page costs (the keyset does not slow with depth), and
    // stays under 10 ms at p99 through the procedure.
    deepProcedureP99Within1_5xFirstPage: (deep?.ours.p99 ?? Infinity) <= 1.5 * (first?.ours.p99 ?? 0),
    deepProcedureP99Under10ms: (deep?.ours.p99 ?? Infinity) < 10,
    deepAtLeast100xFasterThanOffset: (deep?.naive.p99 ?? 0) / (deep?.ours.p99 ?? Infinity) >= 100,
    // The same comparison on the work the database does (no round trip, no client): where the ratio is not capped by
    // the ~0.5 ms a loopback round trip costs on each side.
    deepAtLeast100xInPostgres: serverSide.deepOffset.p50 / serverSide.deepKeyset.p50 >= 100,
  };
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  console.log(
    `\ntargets: deep p99 ≤ 1.5× first page p99 through the procedure (${ms(deep?.ours.p99 ?? Number.NaN)} vs ${ms(first?.ours.p99 ?? Number.NaN)} ms): ${verdict(targets.deepProcedureP99Within1_5xFirstPage)}; deep p99 < 10 ms: ${verdict(targets.deepProcedureP99Under10ms)}; ≥ 100× OFFSET by wall-clock p99: ${verdict(targets.deepAtLeast100xFasterThanOffset)}; ≥ 100× OFFSET inside Postgres (p50): ${verdict(targets.deepAtLeast100xInPostgres)}`,
  );
  console.log(`\nplan of the deep keyset page:\n${planText}`);
  await writeResult("listing", { rows: n, loadSeconds, postgres: version, page: PAGE, depth: DEPTH, cases, serverSide, targets, deepKeysetPlan: planText });
} finally {
  await services.close();
  await pg.teardown();
}
