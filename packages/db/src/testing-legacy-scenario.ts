import type { LegacyRow } from "./testing-legacy-site";

/** What a scenario row is right after `db:adopt --apply`, and once the workers have healed it. */
export interface LegacyExpectation {
  adopted: { status: string; type: string; source: "bucket" | "kie" | "link" | "none"; errorCode?: string; hiddenReason?: string };
  /** After a repair run against the simulator: the status, and `ready` when previews were derived. */
  healed: { status: string; media: "ready" | "none" | "expired" | "failed"; errorCode?: string };
}

export interface LegacyScenarioRow {
  name: string;
  row: LegacyRow;
  /** Objects the old site left in the bucket for this row: path → which test file to put there. */
  objects: Record<string, "photo" | "video">;
  expect: LegacyExpectation;
}

export interface ScenarioOptions {
  userA: string;
  userB: string;
  /** Public URL base of the old site's bucket (another host than ours: the objects are at the same paths). */
  oldBucketBase?: string;
  /** KIE tasks the simulator knows: a finished photo, a finished video, and one more finished photo. */
  tasks: { photo: string; video: string; photo2: string };
  /** Where KIE's dead links point (an allowed KIE host in production). */
  deadLink?: (name: string) => string;
  now?: Date;
}

const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** A fixed UUID per scenario row, so failures name the row. */
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** One old row of every kind the fact sheet names, each with its expected end state. */
export function legacyScenario(options: ScenarioOptions): LegacyScenarioRow[] {
  const now = options.now ?? new Date();
  const { userA: a, userB: b, tasks } = options;
  const base = options.oldBucketBase ?? "https://old-project.supabase.co/storage/v1/object/public/generations";
  const dead = options.deadLink ?? ((name: string) => `https://tempfile.aiquickdraw.com/h/${name}.png`);
  const rows: LegacyScenarioRow[] = [];
  const add = (name: string, row: Omit<LegacyRow, "id"> & { user_id: string }, expect: LegacyExpectation, objects: LegacyScenarioRow["objects"] = {}) =>
    rows.push({ name, row: { id: uuid(rows.length + 1), ...row }, objects, expect });

  const photoPath = (user: string, n: number) => `${user}/image/${uuid(n)}_1738000000000.png`;
  add(
    "photo in bucket, preview none",
    {
      user_id: a,
      type: "photo",
      kind: "image",
      status: "success",
      task_id: "old-task-photo-in-bucket",
      original_path: photoPath(a, 1),
      asset_url: `${base}/${photoPath(a, 1)}`,
      thumbnail_url: `${base}/${photoPath(a, 1)}`,
      preview_status: "none",
      result_urls: [dead("photo-in-bucket")],
      created_at: ago(now, 40 * DAY),
      completed_at: ago(now, 40 * DAY),
    },
    { adopted: { status: "success", type: "photo", source: "bucket" }, healed: { status: "success", media: "ready" } },
    { [photoPath(a, 1)]: "photo" },
  );
  const videoPath = `${a}/video/${uuid(2)}_1738000000001.mp4`;
  add(
    "video in bucket, preview failed overwrote error",
    {
      user_id: a,
      type: "video",
      kind: "video",
      model_id: "veo3_fast",
      status: "completed",
      task_id: "old-task-video-in-bucket",
      original_path: videoPath,
      poster_path: `${a}/posters/${uuid(2)}_poster.webp`,
      preview_status: "failed",
      error: "Preview generation failed: ffmpeg exited 1",
      asset_url: `${base}/${videoPath}`,
      created_at: ago(now, 20 * DAY),
    },
    { adopted: { status: "completed", type: "video", source: "bucket" }, healed: { status: "success", media: "ready" } },
    { [videoPath]: "video" },
  );
  add(
    "completed, no asset, dead link, 30 days old",
    { user_id: a, type: "photo", status: "completed", task_id: "old-task-30-days", result_urls: [dead("30-days")], created_at: ago(now, 30 * DAY) },
    { adopted: { status: "completed", type: "photo", source: "kie" }, healed: { status: "expired", media: "none", errorCode: "kie_retention" } },
  );
  add(
    "success with the provider link as asset_url, KIE still has it",
    {
      user_id: a,
      type: "photo",
      status: "success",
      task_id: tasks.photo,
      asset_url: dead("asset-is-link"),
      thumbnail_url: dead("asset-is-link"),
      created_at: ago(now, 2 * DAY),
    },
    { adopted: { status: "success", type: "photo", source: "kie" }, healed: { status: "success", media: "ready" } },
  );
  add(
    "success, nothing stored, KIE no longer knows the task",
    { user_id: a, type: "photo", status: "success", task_id: "old-task-unknown-to-kie", result_urls: [], created_at: ago(now, 3 * DAY) },
    { adopted: { status: "success", type: "photo", source: "kie" }, healed: { status: "expired", media: "none", errorCode: "kie_task_unknown" } },
  );
  add(
    "success from fal with nothing kept",
    { user_id: a, type: "photo", provider: "fal", fal_request_id: "fal-123", status: "success", task_id: null, result_urls: [], created_at: ago(now, 5 * DAY) },
    {
      adopted: { status: "expired", type: "photo", source: "none", errorCode: "legacy_no_copy" },
      healed: { status: "expired", media: "expired", errorCode: "legacy_no_copy" },
    },
  );
  add(
    "failed with its reason",
    {
      user_id: a,
      type: "photo",
      status: "failed",
      task_id: "old-task-failed",
      error: "Your prompt was flagged by the content policy",
      created_at: ago(now, 6 * DAY),
    },
    {
      adopted: { status: "failed", type: "photo", source: "kie", errorCode: "legacy_failed" },
      healed: { status: "failed", media: "none", errorCode: "legacy_failed" },
    },
  );
  add(
    "cancelled",
    { user_id: a, type: "video", status: "cancelled", task_id: null, created_at: ago(now, 7 * DAY) },
    {
      adopted: { status: "failed", type: "video", source: "none", errorCode: "legacy_cancelled" },
      healed: { status: "failed", media: "none", errorCode: "legacy_cancelled" },
    },
  );
  add(
    "pending from the batch route, KIE finished it",
    { user_id: a, type: "video", model_id: "veo3_fast", status: "pending", task_id: tasks.video, created_at: ago(now, 60 * MIN) },
    { adopted: { status: "queued", type: "video", source: "kie" }, healed: { status: "success", media: "ready" } },
  );
  add(
    "processing with no task (laozhang)",
    { user_id: a, type: "photo", provider: "laozhang", status: "processing", task_id: null, created_at: ago(now, 8 * DAY) },
    {
      adopted: { status: "failed", type: "photo", source: "none", errorCode: "legacy_status" },
      healed: { status: "failed", media: "none", errorCode: "legacy_status" },
    },
  );
  add(
    "audio",
    { user_id: a, type: "audio", status: "success", task_id: "old-task-audio", audio_url: dead("audio"), audio_duration: 12.5, created_at: ago(now, 9 * DAY) },
    // Kept, not shown, and not repaired: the bucket takes no audio, so there is nothing to copy.
    { adopted: { status: "success", type: "audio", source: "kie", hiddenReason: "audio" }, healed: { status: "success", media: "none" } },
  );
  const productPath = `${a}/laozhang_1738000000002_ab12cd.png`;
  add(
    "product shot from another provider, in bucket",
    {
      user_id: a,
      type: "product",
      provider: "laozhang",
      status: "success",
      task_id: null,
      original_path: productPath,
      asset_url: `${base}/${productPath}`,
      created_at: ago(now, 10 * DAY),
    },
    { adopted: { status: "success", type: "photo", source: "bucket" }, healed: { status: "success", media: "ready" } },
    { [productPath]: "photo" },
  );
  const dupPath = photoPath(a, 13);
  add(
    "shared task, this row has the file",
    { user_id: a, type: "photo", status: "success", task_id: "old-task-shared-1", original_path: dupPath, created_at: ago(now, 11 * DAY) },
    { adopted: { status: "success", type: "photo", source: "bucket" }, healed: { status: "success", media: "ready" } },
    { [dupPath]: "photo" },
  );
  add(
    "shared task, retry row without a file",
    { user_id: a, type: "photo", status: "failed", task_id: "old-task-shared-1", error: "timeout", created_at: ago(now, 11 * DAY - MIN) },
    {
      adopted: { status: "failed", type: "photo", source: "kie", errorCode: "legacy_duplicate_task", hiddenReason: "duplicate_task" },
      healed: { status: "failed", media: "none", errorCode: "legacy_duplicate_task" },
    },
  );
  add(
    "shared task with KIE, newest row",
    { user_id: b, type: "photo", status: "success", task_id: tasks.photo2, created_at: ago(now, 2 * DAY) },
    { adopted: { status: "success", type: "photo", source: "kie" }, healed: { status: "success", media: "ready" } },
  );
  add(
    "shared task with KIE, older row",
    { user_id: b, type: "photo", status: "generating", task_id: tasks.photo2, created_at: ago(now, 2 * DAY + MIN) },
    {
      adopted: { status: "failed", type: "photo", source: "kie", errorCode: "legacy_duplicate_task", hiddenReason: "duplicate_task" },
      healed: { status: "failed", media: "none", errorCode: "legacy_duplicate_task" },
    },
  );
  const nullDatePath = photoPath(b, 17);
  add(
    "no created_at, in bucket",
    { user_id: b, type: "photo", status: "completed", task_id: null, original_path: nullDatePath, created_at: null, updated_at: ago(now, 12 * DAY) },
    { adopted: { status: "completed", type: "photo", source: "bucket" }, healed: { status: "success", media: "ready" } },
    { [nullDatePath]: "photo" },
  );
  add(
    "generating, KIE no longer knows it",
    { user_id: b, type: "video", status: "generating", task_id: "old-task-generating-gone", created_at: ago(now, 60 * MIN) },
    { adopted: { status: "generating", type: "video", source: "kie" }, healed: { status: "expired", media: "none", errorCode: "kie_task_unknown" } },
  );
  add(
    "path in another user's folder is not trusted",
    { user_id: b, type: "photo", status: "success", task_id: null, original_path: photoPath(a, 1), created_at: ago(now, 13 * DAY) },
    {
      adopted: { status: "expired", type: "photo", source: "none", errorCode: "legacy_no_copy" },
      healed: { status: "expired", media: "expired", errorCode: "legacy_no_copy" },
    },
  );
  return rows;
}
