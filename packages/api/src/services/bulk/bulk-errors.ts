export class BulkRunConflictError extends Error {
  readonly code = "bulk_run_conflict";
}

export class BulkRunNotFoundError extends Error {
  readonly code = "bulk_run_not_found";
}
