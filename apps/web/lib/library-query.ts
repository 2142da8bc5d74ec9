import type { LibraryFilters } from "./library-item";

const LIBRARY_PAGE_SIZE = 40;

/** The exact `library.list` input for a set of filters; the server prefetch and the client must build the same one. */
export function libraryListInput(filters: LibraryFilters) {
  return {
    limit: LIBRARY_PAGE_SIZE,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
}
