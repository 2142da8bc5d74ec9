import { randomUUID } from "node:crypto";
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import type { Page } from "playwright-core";

import { withSql } from "./library-db";
import { createInStudio } from "./studio-flow";

interface TemplateRow {
  id: string;
  user_id: string;
  thumbnail_path: string | null;
  preview_path: string | null;
}

/** Copy one object of the local bucket and rewrite its sidecar so it matches the new file (size + mtime). */
async function copyObject(storageDir: string, from: string, to: string) {
  const source = path.join(storageDir, "generations", from);
  const target = path.join(storageDir, "generations", to);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(source, target);
  const sidecar = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.meta.json`);
  const meta: unknown = JSON.parse(await readFile(sidecar(source), "utf8"));
  const { size, mtimeMs } = await stat(target);
  await writeFile(sidecar(target), JSON.stringify({ ...(meta as object), bytes: size, mtimeMs }));
}

export interface SeedOptions {
  databaseUrl: string;
  /** The local bucket's directory (STORAGE_LOCAL_DIR). */
  storageDir: string;
  /** An ingested generation whose thumbnail and preview are copied for every new row. */
  templateId: string;
  count: number;
}

/**
 * Add `count` successful generations for the template's owner, each with its own copy of the template's thumbnail and
 * preview (real WebP files in the bucket, so tiles load real bytes) and the template's original as asset. The rows
 * are older than the template, one minute apart, so the library order is the template first, then seeded 1, 2, …
 * Returns the new ids, newest first.
 */
export async function seedLibraryCopies(options: SeedOptions): Promise<string[]> {
  return withSql(options.databaseUrl, async (sql) => {
    const [template] = await sql<TemplateRow[]>`
      select id, user_id, thumbnail_path, preview_path from generations where id = ${options.templateId} and status = 'success'`;
    if (!template?.thumbnail_path) throw new Error(`template ${options.templateId} is not an ingested generation`);
    const ids: string[] = [];
    for (let i = 0; i < options.count; i++) {
      const id = randomUUID();
      ids.push(id);
      for (const objectPath of [template.thumbnail_path, template.preview_path]) {
        if (objectPath) await copyObject(options.storageDir, objectPath, objectPath.replace(template.id, id));
      }
    }
    // One INSERT … SELECT: every column from the template, paths and URLs pointed at each copy's own folder.
    await sql`
      insert into generations (
        id, user_id, type, kie_family, model, prompt, aspect_ratio, status, task_id, asset_url, preview_url, thumbnail_url,
        asset_path, preview_path, thumbnail_path, output_paths, asset_mime, asset_bytes, width, height, duration_ms,
        thumbhash, placeholder, media_status, media_version, completed_at, created_at, updated_at)
      select s.id, t.user_id, t.type, t.kie_family, t.model, t.prompt || ' #' || s.n, t.aspect_ratio, 'success', null,
        t.asset_url, replace(t.preview_url, t.id::text, s.id::text), replace(t.thumbnail_url, t.id::text, s.id::text),
        t.asset_path, replace(t.preview_path, t.id::text, s.id::text), replace(t.thumbnail_path, t.id::text, s.id::text),
        t.output_paths, t.asset_mime, t.asset_bytes, t.width, t.height, t.duration_ms, t.thumbhash, t.placeholder, t.media_status,
        t.media_version, t.created_at - make_interval(mins => s.n::int), t.created_at - make_interval(mins => s.n::int), now()
      from generations t
      cross join unnest(${sql.array(ids)}::uuid[]) with ordinality as s(id, n)
      where t.id = ${template.id}`;
    return ids;
  });
}

/**
 * For the signed-in user of `page`: one real photo made in the studio (the template, newest in the library), then
 * `count` copies of it (`seedLibraryCopies`). Returns the template's id and the copies' ids, newest first.
 */
export async function libraryOfCopies(page: Page, options: Omit<SeedOptions, "templateId"> & { webUrl: string; prompt: string }) {
  await createInStudio(page, options.webUrl, "photo", options.prompt, 120_000);
  const templateId = await page.getAttribute("[data-testid=generation-card][data-status=success]", "data-generation-id");
  if (!templateId) throw new Error("no template generation");
  const seeded = await seedLibraryCopies({ databaseUrl: options.databaseUrl, storageDir: options.storageDir, templateId, count: options.count });
  return { templateId, seeded };
}
