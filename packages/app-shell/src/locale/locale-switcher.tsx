"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";

import { LOCALES, type Locale } from "./locales";
import { setLocale } from "./set-locale";

/** The header's language buttons: stores the choice in the locale cookie, then re-renders the page in it. */
export function LocaleSwitcher({ current, label }: { current: Locale; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div role="group" aria-label={label} className="flex rounded-md border border-white/10 p-0.5 text-xs">
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await setLocale(locale);
              router.refresh();
            })
          }
          className={`rounded px-2 py-1 uppercase ${locale === current ? "bg-white/10 text-white" : "text-zinc-400 hover:text-white"}`}
        >
          {locale}
        </button>
      ))}
    </div>
  );
}
