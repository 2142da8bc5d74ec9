import { mapSupabaseError, type NotFoundMeaning } from "./supabase-errors";

type Result<T> = { data: T; error: null } | { data: unknown; error: object };

/** Awaits a storage-js `{ data, error }` call and returns the data or throws a mapped StorageError. */
export async function unwrap<T>(pending: Promise<Result<T>>, notFound: NotFoundMeaning): Promise<T> {
  let result: Result<T>;
  try {
    result = await pending;
  } catch (error) {
    throw mapSupabaseError(error, notFound);
  }
  if (result.error !== null) throw mapSupabaseError(result.error, notFound);
  return result.data;
}
