"use client";

import { NextIntlClientProvider, useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import type { ClientIntl } from "@/lib/client-intl";
import { endHasSentence, kieErrorKey, rawReason } from "@/lib/kie-error";
import type { LibraryItem } from "@/lib/library-item";

import { DeleteGeneration } from "./delete-generation";
import { altFromPrompt } from "./library-tile";

interface LightboxProps {
  /** The grid's generations in order; `null` for one whose details have not arrived yet. */
  items: readonly (LibraryItem | null)[];
  index: number;
  onIndexChange: (index: number) => void;
  onClose: () => void;
  /** The generation was deleted on the server: take it out of the list (the lightbox moves on or closes). */
  onDeleted: (id: string) => void;
  /** Where focus goes on close when the element that opened the lightbox is gone (its generation was deleted). */
  fallbackFocusId: string;
}

const FOCUSABLE = 'a[href], button:not([disabled]), video[controls], [tabindex]:not([tabindex="-1"])';

/** The lightbox with its own messages (the library's first screen has no next-intl provider). */
export function LibraryLightbox({ intl, ...props }: LightboxProps & { intl: ClientIntl }) {
  return (
    <NextIntlClientProvider {...intl}>
      <Lightbox {...props} />
    </NextIntlClientProvider>
  );
}

/** Full view of one generation: keyboard arrows move, Esc closes, focus stays inside and returns to the tile. */
function Lightbox({ items, index, onIndexChange, onClose, onDeleted, fallbackFocusId }: LightboxProps) {
  const t = useTranslations();
  const format = useFormatter();
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const item = items[index];
  const hasPrev = index > 0;
  const hasNext = index < items.length - 1;
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    const { overflow } = document.body.style;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
      const target = opener?.isConnected ? opener : document.getElementById(fallbackFocusId);
      target?.focus({ preventScroll: true });
    };
  }, [fallbackFocusId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (confirming && event.key !== "Tab") return;
      if (event.key === "Escape") onClose();
      else if (event.key === "ArrowLeft" && hasPrev && !(event.target instanceof HTMLVideoElement)) onIndexChange(index - 1);
      else if (event.key === "ArrowRight" && hasNext && !(event.target instanceof HTMLVideoElement)) onIndexChange(index + 1);
      else if (event.key === "Tab" && dialog.current) {
        const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last?.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first?.focus();
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [index, hasPrev, hasNext, onClose, onIndexChange, confirming]);

  if (!item) return null;
  const details: [string, string][] = [
    [t("lightbox.model"), item.model],
    [t("lightbox.status"), t(`status.${item.status}`)],
    [t("lightbox.date"), format.dateTime(item.createdAt, { dateStyle: "medium", timeStyle: "short" })],
  ];
  if (item.width && item.height) details.push([t("lightbox.dimensions"), `${item.width} × ${item.height}`]);
  if (item.durationMs)
    details.push([t("lightbox.duration"), format.number(item.durationMs / 1000, { style: "unit", unit: "second", maximumFractionDigits: 1 })]);
  if (item.assetBytes) details.push([t("lightbox.size"), formatBytes(format.number, item.assetBytes)]);

  return (
    <div className="fixed inset-0 z-50 flex items-stretch justify-center bg-black/90 backdrop-blur-sm" onClick={onClose}>
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-label={t("lightbox.label")}
        data-testid="lightbox"
        onClick={(event) => event.stopPropagation()}
        className="flex w-full flex-col overflow-y-auto lg:flex-row lg:overflow-hidden"
      >
        <div className="relative flex min-h-[50dvh] flex-1 items-center justify-center p-2 sm:p-6">
          {item.type === "video" && item.assetUrl ? (
            <video
              key={item.id}
              data-testid="lightbox-video"
              src={item.assetUrl}
              poster={item.previewUrl ?? item.thumbnailUrl ?? undefined}
              controls
              playsInline
              preload="metadata"
              className="max-h-[80dvh] max-w-full rounded-lg bg-black"
            />
          ) : (
            <LightboxImage key={item.id} item={item} fallback={t("noPreview.title")} />
          )}
          <NavButton label={t("lightbox.previous")} side="left" disabled={!hasPrev} onClick={() => onIndexChange(index - 1)} />
          <NavButton label={t("lightbox.next")} side="right" disabled={!hasNext} onClick={() => onIndexChange(index + 1)} />
        </div>
        <aside className="flex w-full shrink-0 flex-col gap-4 border-white/10 bg-ink-900 p-5 lg:w-96 lg:border-l">
          <div className="flex items-start justify-between gap-3">
            <h2 className="text-sm font-medium text-zinc-400">{t("lightbox.prompt")}</h2>
            <button ref={closeButton} type="button" onClick={onClose} className="rounded-md px-2 py-1 text-sm text-zinc-300 hover:bg-white/10">
              {t("lightbox.close")} <span aria-hidden>✕</span>
            </button>
          </div>
          <p className="whitespace-pre-wrap break-words text-zinc-100">{item.prompt}</p>
          {endHasSentence(item) ? (
            <p
              data-testid="lightbox-reason"
              className={`rounded-md p-3 text-sm ${item.status === "failed" ? "bg-rose-500/10 text-rose-200" : "bg-amber-400/10 text-amber-100"}`}
            >
              {t(`kieErrors.${kieErrorKey(item)}`)}
              {rawReason(item) ? <span className="mt-1 block text-xs opacity-70">{rawReason(item)}</span> : null}
            </p>
          ) : item.status === "expired" ? (
            <p data-testid="lightbox-reason" className="rounded-md bg-amber-400/10 p-3 text-sm text-amber-100">
              {t("card.expired")}
            </p>
          ) : null}
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {details.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-zinc-400">{label}</dt>
                <dd className="break-words text-zinc-100">{value}</dd>
              </div>
            ))}
          </dl>
          <div className="mt-auto flex flex-col gap-2">
            {item.assetUrl ? (
              <a
                href={item.assetUrl}
                download
                data-testid="lightbox-download"
                className="inline-flex items-center justify-center rounded-lg bg-accent-600 px-4 py-2.5 text-sm font-medium text-white hover:bg-accent-500"
              >
                {t("lightbox.download")}
              </a>
            ) : null}
            <DeleteGeneration
              key={item.id}
              id={item.id}
              onDeleted={(id) => {
                onDeleted(id);
                // The confirmation is gone with the item: keep focus inside the dialog.
                requestAnimationFrame(() => closeButton.current?.focus());
              }}
              onConfirmingChange={setConfirming}
            />
          </div>
        </aside>
      </div>
    </div>
  );
}

/** Preview → thumbnail → (photo) original; an image that fails to load hands over to the next, then words. */
function LightboxImage({ item, fallback }: { item: LibraryItem; fallback: string }) {
  const sources = [item.previewUrl, item.thumbnailUrl, item.type === "photo" ? item.assetUrl : null].filter(
    (url, i, all): url is string => url !== null && all.indexOf(url) === i,
  );
  const [index, setIndex] = useState(0);
  const src = sources[index];
  if (!src) return <p className="text-zinc-400">{fallback}</p>;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- our own preview, never the optimizer
    <img
      key={src}
      data-testid="lightbox-image"
      src={src}
      alt={altFromPrompt(item.prompt)}
      width={item.width ?? undefined}
      height={item.height ?? undefined}
      onError={() => setIndex((i) => i + 1)}
      className="max-h-[80dvh] w-auto max-w-full rounded-lg object-contain"
    />
  );
}

function NavButton({ label, side, disabled, onClick }: { label: string; side: "left" | "right"; disabled: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
      className={`absolute top-1/2 ${side === "left" ? "left-2" : "right-2"} grid size-10 -translate-y-1/2 place-items-center rounded-full bg-black/50 text-xl text-white hover:bg-black/70 disabled:invisible`}
    >
      <span aria-hidden>{side === "left" ? "‹" : "›"}</span>
    </button>
  );
}

type NumberFormat = ReturnType<typeof useFormatter>["number"];

/** Bytes in the locale's words: «1,2 МБ» / "1.2 MB". */
function formatBytes(number: NumberFormat, bytes: number): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return number(value, { style: "unit", unit: units[unit], unitDisplay: "short", maximumFractionDigits: value < 10 ? 1 : 0 });
}
