"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";

import { GENERATION_TYPES, typeWord } from "@/lib/generation-words";
import { AGES, PROBLEM_KINDS, type ProblemFilterValue } from "@/lib/problem-filter";
import { ui } from "@/lib/ui";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One filter: its label above its control. */
function Field({ id, label, className, children }: { id: string; label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className={ui.label}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** Kind, type, user, age and free search; applied on submit so typing never fires a query per key. */
export function ProblemFilters({ value, onChange }: { value: ProblemFilterValue; onChange: (next: ProblemFilterValue) => void }) {
  const t = useTranslations("repair");
  const tType = useTranslations("type");
  const [userError, setUserError] = useState(false);
  // Remounting the form after a reset makes its fields show the (now empty) filter again.
  const [formKey, setFormKey] = useState(0);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return (typeof value === "string" && value.trim()) || undefined;
    };
    const userId = text("userId");
    if (userId && !UUID.test(userId)) return setUserError(true);
    setUserError(false);
    const age = Number(form.get("age"));
    const type = form.get("type");
    onChange({
      kind: PROBLEM_KINDS.find((k) => k === form.get("kind")) ?? "any",
      type: typeWord(typeof type === "string" ? type : null),
      userId,
      search: text("search"),
      olderThanMinutes: age > 0 ? age : undefined,
    });
  };
  const autoSubmit = (event: React.ChangeEvent<HTMLSelectElement>) => event.currentTarget.form?.requestSubmit();
  return (
    <form
      key={formKey}
      onSubmit={submit}
      aria-label={t("filters")}
      data-testid="problem-filters"
      className="grid grid-cols-2 gap-3 md:grid-cols-[repeat(4,minmax(0,1fr))_minmax(0,2fr)_auto]"
    >
      <Field id="f-kind" label={t("kind")}>
        <select id="f-kind" name="kind" defaultValue={value.kind} onChange={autoSubmit} className={ui.input}>
          {PROBLEM_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kinds.${kind}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-type" label={t("type")}>
        <select id="f-type" name="type" defaultValue={value.type ?? ""} onChange={autoSubmit} className={ui.input}>
          <option value="">{t("anyType")}</option>
          {GENERATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {tType(type)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-age" label={t("age")}>
        <select id="f-age" name="age" defaultValue={value.olderThanMinutes ?? ""} onChange={autoSubmit} className={ui.input}>
          <option value="">{t("anyAge")}</option>
          {(Object.keys(AGES) as (keyof typeof AGES)[]).map((age) => (
            <option key={age} value={AGES[age]}>
              {t(`olderThan.${age}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-user" label={t("userId")}>
        <input
          id="f-user"
          name="userId"
          defaultValue={value.userId}
          aria-invalid={userError}
          aria-describedby={userError ? "f-user-error" : undefined}
          className={ui.input}
          spellCheck={false}
        />
        {userError ? (
          <p id="f-user-error" className="mt-1 text-xs text-rose-300">
            {t("invalidUser")}
          </p>
        ) : null}
      </Field>
      <Field id="f-search" label={t("search")} className="col-span-2 md:col-span-1">
        <input
          id="f-search"
          name="search"
          type="search"
          defaultValue={value.search}
          placeholder={t("searchPlaceholder")}
          className={ui.input}
          spellCheck={false}
        />
      </Field>
      <div className="col-span-2 flex items-end gap-2 md:col-span-1">
        <button type="submit" className={ui.primary}>
          {t("apply")}
        </button>
        <button
          type="button"
          className={ui.button}
          onClick={() => {
            setUserError(false);
            onChange({ kind: "any" });
            setFormKey((k) => k + 1);
          }}
        >
          {t("reset")}
        </button>
      </div>
    </form>
  );
}
