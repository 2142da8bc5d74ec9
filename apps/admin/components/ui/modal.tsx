"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

interface ModalProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  closeLabel: string;
  /** "drawer" slides in at the right edge; "dialog" sits in the middle. */
  variant?: "dialog" | "drawer";
  testId?: string;
  children: ReactNode;
}

/** A native <dialog> opened modally: focus is trapped, Escape closes it, the page behind is inert. */
export function Modal({ open, onClose, title, closeLabel, variant = "dialog", testId, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const shape = variant === "drawer" ? "ml-auto mr-0 h-dvh max-h-dvh w-full max-w-3xl border-l" : "m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border";
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
      className={`${shape} border-white/10 bg-ink-900 p-0 text-zinc-100 backdrop:bg-black/60`}
    >
      {open ? (
        <div className="flex h-full flex-col">
          <div className="flex items-center gap-3 border-b border-white/10 px-4 py-3">
            <h2 id={titleId} className="min-w-0 flex-1 truncate font-semibold">
              {title}
            </h2>
            <button type="button" onClick={onClose} className="rounded-md px-2 py-1 text-sm text-zinc-300 hover:bg-white/10">
              {closeLabel}
            </button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto p-4">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}
