import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { is, SQL } from "drizzle-orm";
import { getTableConfig, PgDialect, PgEnumColumn } from "drizzle-orm/pg-core";

import { migrationsFolder } from "../migrations-folder";
import { generations } from "../schema";

/** One column of our generations table as the Drizzle schema declares it. */
export interface TargetColumn {
  name: string;
  type: string;
  notNull: boolean;
  /** SQL of the default, or null. */
  defaultSql: string | null;
}

const dialect = new PgDialect({ casing: "snake_case" });
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function renderDefault(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (is(value, SQL)) return dialect.sqlToQuery(value).sql;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** Our generations columns, straight from the Drizzle schema: the adoption builds exactly these. */
export function targetColumns(): TargetColumn[] {
  return getTableConfig(generations).columns.map((column) => ({
    name: column.keyAsName ? snake(column.name) : column.name,
    type: column.getSQLType(),
    notNull: column.notNull,
    defaultSql: renderDefault(column.default),
  }));
}

/** The enum types our generations table uses, with their values in order. */
export function targetEnums(): Array<{ name: string; values: readonly string[] }> {
  const seen = new Map<string, readonly string[]>();
  for (const column of getTableConfig(generations).columns) {
    if (is(column, PgEnumColumn)) seen.set(column.enum.enumName, column.enum.enumValues);
  }
  return [...seen].map(([name, values]) => ({ name, values }));
}

/**
 * The CREATE INDEX statements for generations, as drizzle-kit wrote them into the migrations (idempotent there,
 * so the migrate that follows an adoption skips them).
 */
export function targetIndexStatements(): string[] {
  const files = readdirSync(migrationsFolder)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  return files.flatMap((file) =>
    readFileSync(path.join(migrationsFolder, file), "utf8")
      .split("--> statement-breakpoint")
      .map((statement) => statement.replace(/^\s*--.*$/gm, "").trim())
      .filter((statement) => /^CREATE (UNIQUE )?INDEX IF NOT EXISTS "generations_[a-z0-9_]+" ON "generations"/.test(statement)),
  );
}
