import { useTranslations } from "next-intl";

import { LabelledInput } from "./labelled-input";
import { SubmitButton } from "./submit-button";

/** The embedded mode's password-less sign-in (`/api/auth/local`); `staffByDefault` ticks the staff box. */
export function LocalSignInForm({ next, staffByDefault }: { next: string; staffByDefault: boolean }) {
  const t = useTranslations("signIn");
  return (
    <>
      <p className="mt-3 rounded-lg border border-amber-400/20 bg-amber-400/5 p-3 text-sm text-amber-100/90">{t("localNotice")}</p>
      <form action="/api/auth/local" method="post" className="mt-6 space-y-4">
        <input type="hidden" name="next" value={next} />
        <LabelledInput id="email" label={t("email")} name="email" type="email" required autoComplete="email" autoFocus placeholder={t("emailPlaceholder")} />
        <label className="flex items-center gap-2.5 text-sm text-zinc-300">
          <input type="checkbox" name="staff" defaultChecked={staffByDefault} className="size-4 accent-accent-500" />
          {t("staff")}
        </label>
        <SubmitButton>{t("submit")}</SubmitButton>
      </form>
    </>
  );
}
