import type { LibraryFilters } from "./library-item";

const LIBRARY_PAGE_SIZE = 40;
/**
 * The server-rendered first page is smaller: it fills the first screen at 390 px and at desktop widths, and every tile
 * in it is HTML to parse and markup to hydrate before a phone answers a tap. Later pages come by scrolling.
 */
export const FIRST_LIBRARY_PAGE_SIZE = 24;

/** The `library.list` input for a set of filters (and page size). */
export function libraryListInput(filters: LibraryFilters, limit = LIBRARY_PAGE_SIZE) {
  return {
    limit,
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
}
