import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { ROOT_DIR } from "../../scripts/lib/repo-paths";

/** A URL path of a Next.js app, read from its `app/` folder: a page, or a route handler with the methods it exports. */
export type AppRoute = { kind: "page"; path: string; file: string } | { kind: "route"; path: string; file: string; methods: string[] };

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * The URL path of a folder under `app/`: route groups `(x)` and private `_x` folders add nothing; a dynamic segment
 * (`[x]`, `[...x]`, `[[...x]]`) takes `samples[x]`, or `hostile-check` so that a new dynamic route is still requested.
 */
function urlPathOf(segments: string[], samples: Record<string, string>): string | null {
  const parts: string[] = [];
  for (const segment of segments) {
    if (segment.startsWith("@") || segment.startsWith("_")) return null; // parallel-route slots and private folders
    if (/^\(.*\)$/.test(segment)) continue;
    const dynamic = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(segment);
    parts.push(dynamic ? (samples[dynamic[1] ?? ""] ?? "hostile-check") : segment);
  }
  return `/${parts.join("/")}`;
}

/** The methods a route file exports: `export const GET`, `export async function POST`, `export { handler as GET }`. */
function exportedMethods(source: string): string[] {
  const named = [...source.matchAll(/export\s+(?:const|async\s+function|function)\s+([A-Z]+)\b/g)].map((match) => match[1]);
  const aliased = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((match) =>
    [...(match[1] ?? "").matchAll(/\bas\s+([A-Z]+)\b/g)].map((alias) => alias[1]),
  );
  return HTTP_METHODS.filter((method) => named.includes(method) || aliased.includes(method));
}

/** Every page (`page.tsx`) and route handler (`route.ts`) of `apps/<app>/app`, found at run time. */
export async function appRoutes(app: string, samples: Record<string, string> = {}): Promise<AppRoute[]> {
  const appDir = path.join(ROOT_DIR, "apps", app, "app");
  const entries = await readdir(appDir, { recursive: true, withFileTypes: true });
  const routes: AppRoute[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const urlPath = urlPathOf(path.relative(appDir, entry.parentPath).split(path.sep).filter(Boolean), samples);
    if (urlPath === null) continue;
    const relative = path.relative(ROOT_DIR, file);
    if (entry.name.startsWith("page.")) routes.push({ kind: "page", path: urlPath, file: relative });
    else routes.push({ kind: "route", path: urlPath, file: relative, methods: exportedMethods(await readFile(file, "utf8")) });
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path));
}
