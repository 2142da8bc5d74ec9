import { LocaleSwitcher } from "@lensroom/app-shell/locale-switcher";
import { currentIdentity } from "@lensroom/app-shell/session";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";

import { NavLink } from "./nav-link";

export async function SiteHeader() {
  const [t, identity, locale] = await Promise.all([getTranslations("nav"), currentIdentity(), getLocale()]);
  return (
    <header className="sticky top-0 z-30 border-b border-white/5 bg-ink-950/85 backdrop-blur">
      <div className="mx-auto flex h-14 w-full max-w-[1600px] items-center gap-2 px-3 sm:gap-4 sm:px-6">
        <Link href="/library" className="mr-1 flex items-center gap-2 rounded-md font-semibold tracking-tight text-white">
          <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-gradient-to-br from-accent-400 to-fuchsia-500 text-sm text-ink-950">
            L
          </span>
          {/* The link's name is its text (an aria-label would not match the visible words), hidden but read on phones. */}
          <span className="sr-only sm:not-sr-only">LensRoom</span>
        </Link>
        {identity ? (
          <nav aria-label={t("main")} className="flex items-center gap-1">
            <NavLink href="/library">{t("library")}</NavLink>
            <NavLink href="/create/studio">{t("studio")}</NavLink>
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <LocaleSwitcher current={locale} label={t("language")} />
          {identity ? (
            <form action="/api/auth/sign-out" method="post" className="flex items-center gap-2">
              <span className="hidden max-w-48 truncate text-xs text-zinc-400 md:inline" title={t("signedInAs", { email: identity.email ?? "" })}>
                {identity.email}
              </span>
              {/* Below sm the words would push the header past a 360 px phone's width: an icon, named for screen readers. */}
              <button
                type="submit"
                aria-label={t("signOut")}
                title={t("signOut")}
                className="grid min-h-9 min-w-9 place-items-center rounded-md px-2 py-1.5 text-sm text-zinc-300 hover:bg-white/5 hover:text-white sm:px-2.5"
              >
                <span className="hidden sm:inline">{t("signOut")}</span>
                <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-5 sm:hidden">
                  <path d="M8 4H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3M12 6l4 4-4 4M16 10H8" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              </button>
            </form>
          ) : null}
        </div>
      </div>
    </header>
  );
}
