"use client";

import { NextIntlClientProvider } from "next-intl";

import type { ClientIntl } from "@/lib/client-intl";
import type { LibraryEntry } from "@/lib/library-entries";

import { LibraryTile } from "./library-tile";

/**
 * Tiles drawn in the browser (a later page, or a tile whose state changed or whose image failed), with their own
 * messages: this module, and next-intl's client code with it, loads only when the first such tile is needed.
 */
export function ClientTiles({ intl, entries }: { intl: ClientIntl; entries: readonly LibraryEntry[] }) {
  return (
    <NextIntlClientProvider {...intl}>
      {entries.map((entry) => (entry.item ? <LibraryTile key={entry.id} item={entry.item} eager={entry.eager} failed={entry.failed} /> : null))}
    </NextIntlClientProvider>
  );
}
