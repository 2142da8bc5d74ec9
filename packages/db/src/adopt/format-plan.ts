import type { AdoptionResult } from "./apply";
import type { AdoptionPlan, RowGroup } from "./plan";

const n = (value: number) => value.toLocaleString("en-US");
const SOURCE_WORDS: Record<RowGroup["source"], string> = {
  bucket:
    "a file in our bucket (by its path): thumbnail, preview and placeholder are made from it, nothing is downloaded (a file that is gone falls back to the row's links or KIE)",
  kie: "only a provider link or nothing, with a KIE task: KIE is asked (tasks past its 14-day retention end as expired)",
  link: "only a provider link, no KIE task: copied from the link while it lives",
  none: "no copy anywhere and no KIE task",
};

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map(
    (r) =>
      `  ${r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd()}`,
  );
}

function sum(groups: RowGroup[], key: (g: RowGroup) => string) {
  const totals = new Map<string, number>();
  for (const g of groups) totals.set(key(g), (totals.get(key(g)) ?? 0) + g.rows);
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** The plan as an operator reads it: what is there, and what each part becomes. */
export function formatPlan(plan: AdoptionPlan): string {
  if (plan.kind === "nothing") {
    return plan.blockers.length > 0
      ? `Nothing can be adopted:\n  ${plan.blockers.join("\n  ")}`
      : "Nothing to adopt: public.generations is ours and every row is in our shape.";
  }
  const lines: string[] = [];
  lines.push(
    plan.kind === "legacy"
      ? `Adoption plan: public.generations is the old LensRoom site's table, ${n(plan.rows)} rows.`
      : `Adoption plan: ${n(plan.rows)} rows were written in the old shape since the adoption (an old-site process still runs).`,
  );
  lines.push("", "Rows by old status and type, and what they become:");
  const byStatus = new Map<string, RowGroup>();
  for (const g of plan.groups) {
    const key = [g.oldStatus, g.oldType, g.status, g.type, g.errorCode ?? "", g.hiddenReason ?? ""].join("|");
    const seen = byStatus.get(key);
    byStatus.set(key, seen ? { ...seen, rows: seen.rows + g.rows } : { ...g });
  }
  lines.push(
    ...table([
      ["old status", "old type", "rows", "new status", "type", "reason code", "shown"],
      ...[...byStatus.values()].map((g) => [
        g.oldStatus,
        g.oldType,
        n(g.rows),
        g.status === "completed" ? "completed (= success)" : g.status,
        g.type,
        g.errorCode ?? "",
        g.hiddenReason ? `no (${g.hiddenReason})` : "yes",
      ]),
    ]),
  );
  lines.push("", "Where each row's media comes from:");
  lines.push(...table(sum(plan.groups, (g) => g.source).map(([source, rows]) => [n(rows), `${source}: ${SOURCE_WORDS[source as RowGroup["source"]]}`])));
  const hidden = sum(
    plan.groups.filter((g) => g.hiddenReason),
    (g) => g.hiddenReason ?? "",
  );
  lines.push("", `Kept but not shown in the library: ${hidden.length === 0 ? "none" : hidden.map(([why, rows]) => `${n(rows)} ${why}`).join(", ")}`);
  const d = plan.duplicates;
  lines.push("", `Task ids held by several rows: ${n(d.taskIds)} task ids, ${n(d.rows)} rows.`);
  if (d.taskIds > 0) {
    lines.push("  The row with a file in our bucket (else a finished one, else the newest) keeps the task; every other row");
    lines.push("  gives it up: one with its own file stays and is healed from it, one without is kept hidden as a duplicate.");
    for (const task of d.sample) {
      const others = task.others.map((o) => `${o.id} → ${o.status}${o.hidden ? ", hidden" : ""}`).join("; ");
      lines.push(`  ${task.taskId}: ${task.rows} rows; keeps ${task.keeper}; ${others}`);
    }
    if (d.taskIds > d.sample.length) lines.push(`  … and ${n(d.taskIds - d.sample.length)} more task ids`);
  }
  if (plan.columns) {
    const c = plan.columns;
    lines.push("", "Columns:");
    lines.push(`  kept as they are: ${c.kept.join(", ")}`);
    lines.push(...c.converted.map((x) => `  converted: ${x.name} ${x.from} → ${x.to}`));
    lines.push(...c.moved.map((x) => `  moved: ${x.from} → ${x.to}`));
    lines.push(`  rebuilt from the media by the workers: ${c.rebuilt.join(", ")}`);
    lines.push(`  added: ${c.added.join(", ")}`);
    lines.push(`  the old site's own columns, kept on the table untouched: ${c.unused.join(", ")}`);
    if (c.relaxed.length > 0) lines.push(`  of those, NOT NULL is dropped (nothing of ours writes them): ${c.relaxed.join(", ")}`);
    lines.push("  every old row, with every column as it is now, is also copied to lensroom_legacy.generations");
  }
  if (plan.catalog) {
    const cat = plan.catalog;
    lines.push("", "Around the table:");
    lines.push(`  indexes replaced by ours: ${cat.indexes.length === 0 ? "none" : cat.indexes.map((i) => i.name).join(", ")}`);
    lines.push(
      `  value checks dropped (their old value lists): ${cat.checks.length === 0 ? "none" : cat.checks.map((c) => `${c.name} ${c.definition}`).join("; ")}`,
    );
    lines.push(
      `  foreign keys into it, kept (every id stays): ${cat.referencedBy.length === 0 ? "none" : cat.referencedBy.map((f) => `${f.table} (${f.name})`).join(", ")}`,
    );
    lines.push(`  its own foreign keys, kept: ${cat.references.length === 0 ? "none" : cat.references.map((f) => f.definition).join("; ")}`);
    lines.push(`  triggers, kept: ${cat.triggers.join(", ") || "none"}; publications, kept: ${cat.publications.join(", ") || "none"}`);
  }
  if (plan.kind === "legacy") {
    lines.push("", "Access rules replaced (ours: owners read their own rows and objects; only the server writes):");
    if (plan.policies.length === 0 && plan.grants.length === 0) lines.push("  none found");
    for (const p of plan.policies) {
      const rule = [p.using ? `USING (${p.using})` : "", p.withCheck ? `WITH CHECK (${p.withCheck})` : ""].filter(Boolean).join(" ");
      lines.push(`  drop policy "${p.name}" on ${p.table}: FOR ${p.command} TO ${p.roles.join(", ")} ${rule}`.trimEnd());
    }
    for (const g of plan.grants)
      lines.push(
        `  revoke ${g.privileges.join(", ")} on public.generations from ${g.grantee}${g.grantee === "authenticated" ? " (SELECT stays, limited to own rows)" : ""}`,
      );
  }
  if (plan.blockers.length > 0) lines.push("", "Blocked:", ...plan.blockers.map((b) => `  ${b}`));
  lines.push("", summaryLine(plan));
  return lines.join("\n");
}

/** One line of counts, printed by the dry run and the apply alike. */
export function summaryLine(plan: AdoptionPlan): string {
  const source = new Map(sum(plan.groups, (g) => g.source));
  const hidden = plan.groups.filter((g) => g.hiddenReason).reduce((total, g) => total + g.rows, 0);
  return [
    `Summary: ${n(plan.rows)} rows`,
    `${n(source.get("bucket") ?? 0)} in our bucket`,
    `${n(source.get("kie") ?? 0)} to ask KIE`,
    `${n(source.get("link") ?? 0)} with only a provider link`,
    `${n(source.get("none") ?? 0)} with no copy`,
    `${n(hidden)} kept hidden`,
    `${n(plan.duplicates.taskIds)} shared task ids`,
    `${n(plan.policies.length)} policies and ${n(plan.grants.length)} grants replaced`,
  ].join("; ");
}

export function formatResult(result: AdoptionResult): string {
  if (result.kind === "nothing") return "Nothing changed: there was nothing to adopt.";
  const statuses = Object.entries(result.statuses)
    .map(([status, rows]) => `${n(rows)} ${status}`)
    .join(", ");
  const what = result.kind === "adopted" ? "Adopted the old site's table" : "Adopted rows written in the old shape since the adoption";
  return `${what}: ${n(result.plan.rows)} rows (${statuses}) in ${result.seconds.toFixed(1)} s, in one transaction.\n${summaryLine(result.plan)}`;
}
