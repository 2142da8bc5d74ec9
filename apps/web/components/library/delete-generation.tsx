"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { libraryClient } from "@/lib/library-client";
import { describeTrpcError } from "@/lib/trpc-error";

interface DeleteGenerationProps {
  id: string;
  /** Called once the server has deleted it (or it was already gone). */
  onDeleted: (id: string) => void;
  /** The confirmation is open: the lightbox lets Esc cancel it instead of closing. */
  onConfirmingChange: (confirming: boolean) => void;
}

/**
 * "Delete" with an inline confirmation. Asking moves focus to "Cancel" (the safe choice); cancelling returns it to
 * "Delete". A generation that is already gone (NOT_FOUND) counts as deleted.
 */
export function DeleteGeneration({ id, onDeleted, onConfirmingChange }: DeleteGenerationProps) {
  const t = useTranslations("lightbox");
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<{ kind: "idle" | "pending" } | { kind: "failed"; message: string }>({ kind: "idle" });
  const deleteButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const remove = async () => {
    setState({ kind: "pending" });
    try {
      await libraryClient().library.delete.mutate({ id });
      onDeleted(id);
    } catch (error) {
      const info = describeTrpcError(error);
      if (info.kind === "notFound") onDeleted(id);
      else setState({ kind: "failed", message: info.message });
    }
  };

  useEffect(() => {
    onConfirmingChange(confirming);
    if (confirming) cancelButton.current?.focus();
  }, [confirming, onConfirmingChange]);

  const cancel = () => {
    setConfirming(false);
    setState({ kind: "idle" });
    requestAnimationFrame(() => deleteButton.current?.focus());
  };
  useEffect(() => {
    if (!confirming) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.stopImmediatePropagation();
      cancel();
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  });

  if (!confirming) {
    return (
      <button
        ref={deleteButton}
        type="button"
        data-testid="lightbox-delete"
        onClick={() => setConfirming(true)}
        className="inline-flex items-center justify-center rounded-lg border border-rose-400/30 px-4 py-2.5 text-sm font-medium text-rose-200 hover:bg-rose-500/10"
      >
        {t("delete")}
      </button>
    );
  }
  const failure = state.kind === "failed" ? state.message : null;
  return (
    <div
      role="group"
      aria-labelledby="delete-confirm-text"
      data-testid="delete-confirm"
      className="flex flex-col gap-3 rounded-lg border border-rose-400/30 bg-rose-500/10 p-3"
    >
      <p id="delete-confirm-text" className="text-sm text-rose-100">
        {t("deleteConfirm")}
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          data-testid="delete-confirm-yes"
          disabled={state.kind === "pending"}
          onClick={() => void remove()}
          className="flex-1 rounded-lg bg-rose-700 px-3 py-2 text-sm font-medium text-white hover:bg-rose-600 disabled:opacity-60"
        >
          {state.kind === "pending" ? t("deleting") : t("deleteYes")}
        </button>
        <button
          ref={cancelButton}
          type="button"
          data-testid="delete-confirm-cancel"
          onClick={cancel}
          className="flex-1 rounded-lg bg-white/10 px-3 py-2 text-sm font-medium text-white hover:bg-white/20"
        >
          {t("deleteCancel")}
        </button>
      </div>
      <p role="status" className="text-xs text-rose-200">
        {failure ? t("deleteFailed", { message: failure }) : ""}
      </p>
    </div>
  );
}
