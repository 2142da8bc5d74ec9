"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const LINKS = [
  { href: "/", key: "health" },
  { href: "/repair", key: "repair" },
  { href: "/jobs", key: "jobs" },
  { href: "/webhooks", key: "webhooks" },
] as const;

/** The section tabs; scrolls sideways on a phone rather than wrapping. */
export function AdminNav() {
  const t = useTranslations("nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("main")} className="-mb-px flex gap-1 overflow-x-auto">
      {LINKS.map((link) => {
        const current = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            data-testid={`nav-${link.key}`}
            className={`whitespace-nowrap border-b-2 px-3 py-2.5 text-sm ${
              current ? "border-accent-400 text-white" : "border-transparent text-zinc-400 hover:text-white"
            }`}
          >
            {t(link.key)}
          </Link>
        );
      })}
    </nav>
  );
}
