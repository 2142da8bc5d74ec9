import { useTranslations } from "next-intl";

import { LabelledInput } from "./labelled-input";
import { SubmitButton } from "./submit-button";

/** Email + password, checked server-side by `/api/auth/password` (Supabase Auth). */
export function PasswordSignInForm({ next }: { next: string }) {
  const t = useTranslations("signIn");
  return (
    <form action="/api/auth/password" method="post" className="mt-6 space-y-4">
      <input type="hidden" name="next" value={next} />
      <LabelledInput id="password-email" label={t("email")} name="email" type="email" required autoComplete="email" />
      <LabelledInput id="password" label={t("password")} name="password" type="password" required autoComplete="current-password" />
      <SubmitButton>{t("submit")}</SubmitButton>
    </form>
  );
}
