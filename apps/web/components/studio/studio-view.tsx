"use client";

import { PROMPT_LIMITS } from "@lensroom/api/studio-input";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";

import { GENERATION_TYPES, isUnfinished, type GenerationType, type LibraryItem } from "@/lib/library-item";
import { onResynced } from "@/lib/resynced-event";
import { watchTileMedia } from "@/lib/tile-media-events";
import { describeTrpcError } from "@/lib/trpc-error";
import { useFollowResynced } from "@/lib/use-follow-resynced";
import { useLiveItems } from "@/lib/use-live-items";
import { useTRPC, useTRPCClient } from "@/trpc/client";

import { GenerationCard } from "./generation-card";

const { min: PROMPT_MIN, max: PROMPT_MAX } = PROMPT_LIMITS;

type FieldErrors = Partial<Record<"prompt" | "model" | "form", string>>;

export function StudioView() {
  const t = useTranslations("studio");
  const tType = useTranslations("type");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const models = useQuery(trpc.studio.models.queryOptions());

  const [type, setType] = useState<GenerationType>("photo");
  const [modelId, setModelId] = useState("");
  const [aspectRatio, setAspectRatio] = useState("");
  const [prompt, setPrompt] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<LibraryItem[]>([]);

  const available = useMemo(() => (models.data ?? []).filter((m) => m.type === type), [models.data, type]);
  const model = available.find((m) => m.id === modelId) ?? available[0];
  const ratio = model?.aspectRatios.includes(aspectRatio) ? aspectRatio : (model?.aspectRatios[0] ?? "");

  const upsert = useCallback((fresh: readonly LibraryItem[]) => {
    const byId = new Map(fresh.map((item) => [item.id, item]));
    setCreated((list) => list.map((item) => byId.get(item.id) ?? item));
  }, []);
  // Live status of unfinished cards, and for a while of a card just re-synced (its buttons announce it).
  const { followed, followedAt, follow } = useFollowResynced();
  const liveIds = useMemo(() => [...created.filter(isUnfinished).map((item) => item.id), ...followed], [created, followed]);
  const fetchItems = useCallback((ids: string[]) => client.library.byIds.query({ ids }), [client]);
  useLiveItems({ ids: liveIds, fetchItems, onItems: upsert, followedAt });
  // Card media that fail to load move on to their next source.
  const [failed, setFailed] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
  const results = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = results.current;
    if (!root) return;
    const stopMedia = watchTileMedia(root, (id, url) => setFailed((map) => new Map(map).set(id, [...(map.get(id) ?? []), url])));
    const stopResynced = onResynced(root, follow);
    return () => {
      stopMedia();
      stopResynced();
    };
  }, [follow]);

  const create = useMutation(
    trpc.studio.create.mutationOptions({
      onSuccess: (item) => {
        setCreated((list) => [item, ...list]);
        void queryClient.invalidateQueries(trpc.library.list.pathFilter());
      },
      onError: (error) => {
        const info = describeTrpcError(error);
        if (info.kind === "unauthorized") setErrors({ form: t("errors.signedOut") });
        else if (info.kind === "network") setErrors({ form: t("errors.network") });
        else if (info.fields.prompt?.length) setErrors({ prompt: t("errors.promptShort", { min: PROMPT_MIN }) });
        else setErrors({ form: t("errors.generic", { message: info.message }) });
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = prompt.trim();
    const next: FieldErrors = {};
    if (text.length < PROMPT_MIN) next.prompt = t("errors.promptShort", { min: PROMPT_MIN });
    else if (text.length > PROMPT_MAX) next.prompt = t("errors.promptLong", { max: PROMPT_MAX });
    if (!model) next.model = t("errors.model");
    setErrors(next);
    if (Object.keys(next).length > 0 || !model) return;
    create.mutate({ type, modelId: model.id, prompt: text, ...(ratio ? { aspectRatio: ratio } : {}) });
  };

  const sending = create.isPending;
  const field = "w-full rounded-lg border border-white/10 bg-ink-900 px-3 py-2.5 text-zinc-100 focus:border-accent-400";
  return (
    <div className="mx-auto grid max-w-5xl gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <section aria-labelledby="studio-title">
        <h1 id="studio-title" className="text-2xl font-semibold tracking-tight">
          {t("title")}
        </h1>
        <p className="mt-1 text-sm text-zinc-400">{t("subtitle")}</p>
        <form onSubmit={submit} noValidate className="mt-6 flex flex-col gap-5">
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-zinc-200">{t("type")}</legend>
            <div className="grid grid-cols-2 gap-1 rounded-lg border border-white/10 bg-ink-900 p-1">
              {GENERATION_TYPES.map((value) => (
                <button
                  key={value}
                  type="button"
                  data-testid={`type-${value}`}
                  aria-pressed={type === value}
                  onClick={() => setType(value)}
                  className={`rounded-md px-3 py-2 text-sm font-medium transition-colors ${type === value ? "bg-accent-600 text-white" : "text-zinc-400 hover:text-white"}`}
                >
                  {tType(value)}
                </button>
              ))}
            </div>
          </fieldset>

          <div>
            <label htmlFor="prompt" className="mb-1.5 block text-sm font-medium text-zinc-200">
              {t("prompt")}
            </label>
            <textarea
              id="prompt"
              name="prompt"
              rows={5}
              value={prompt}
              maxLength={PROMPT_MAX + 200}
              onChange={(e) => setPrompt(e.target.value)}
              placeholder={t("promptPlaceholder")}
              aria-invalid={errors.prompt ? true : undefined}
              aria-describedby="prompt-hint prompt-error"
              className={`${field} resize-y`}
            />
            <div className="mt-1 flex justify-between gap-3 text-xs">
              <span id="prompt-error" className="text-rose-300" role="alert">
                {errors.prompt ?? ""}
              </span>
              <span id="prompt-hint" className={prompt.trim().length > PROMPT_MAX ? "text-rose-300" : "text-zinc-400"}>
                {t("promptHint", { count: prompt.trim().length, max: PROMPT_MAX })}
              </span>
            </div>
          </div>

          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor="model" className="mb-1.5 block text-sm font-medium text-zinc-200">
                {t("model")}
              </label>
              <select
                id="model"
                name="model"
                value={model?.id ?? ""}
                onChange={(e) => setModelId(e.target.value)}
                disabled={!available.length}
                className={field}
                aria-invalid={errors.model ? true : undefined}
              >
                {models.isPending ? <option value="">{t("loadingModels")}</option> : null}
                {!models.isPending && !available.length ? <option value="">{t("noModels")}</option> : null}
                {available.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
              {errors.model ? <p className="mt-1 text-xs text-rose-300">{errors.model}</p> : null}
            </div>
            <div>
              <label htmlFor="aspect-ratio" className="mb-1.5 block text-sm font-medium text-zinc-200">
                {t("aspectRatio")}
              </label>
              <select id="aspect-ratio" name="aspectRatio" value={ratio} onChange={(e) => setAspectRatio(e.target.value)} disabled={!model} className={field}>
                {(model?.aspectRatios ?? []).map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
          </div>

          {errors.form ? (
            <p role="alert" data-testid="studio-error" className="rounded-lg bg-rose-500/10 p-3 text-sm text-rose-200">
              {errors.form}
            </p>
          ) : null}

          <button
            type="submit"
            data-testid="studio-submit"
            disabled={sending || !model}
            className="rounded-lg bg-accent-600 px-4 py-3 font-medium text-white transition-colors hover:bg-accent-500 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {sending ? t("submitting") : t("submit")}
          </button>
        </form>
      </section>

      <section aria-labelledby="recent-title" className="flex flex-col gap-3">
        <div className="flex items-baseline justify-between">
          <h2 id="recent-title" className="text-sm font-medium text-zinc-400">
            {t("recent")}
          </h2>
          <Link href="/library" className="text-sm text-accent-400 hover:underline">
            {t("goToLibrary")} →
          </Link>
        </div>
        <div ref={results} data-testid="studio-results" className="flex flex-col gap-3" aria-live="polite">
          {created.map((item) => (
            <GenerationCard key={item.id} item={item} failed={failed.get(item.id) ?? []} />
          ))}
        </div>
      </section>
    </div>
  );
}
