import { getAppServices, signInMethods } from "@lensroom/api";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";

import { LocalSignInForm } from "./local-sign-in-form";
import { PasswordSignInForm } from "./password-sign-in-form";
import { safeNext, signInError, type SignInSearchParams } from "./sign-in-params";

export interface SignInPageProps {
  searchParams: Promise<SignInSearchParams>;
  /** Where a sign-in without a usable `?next=` lands. */
  home: string;
  /** Whether the local form's staff box starts ticked (the admin app). */
  staffByDefault?: boolean;
}

/** The sign-in page both apps serve: the forms this deployment offers, in the `signIn` messages of the app. */
export async function SignInPage({ searchParams, home, staffByDefault = false }: SignInPageProps) {
  const t = await getTranslations("signIn");
  const params = await searchParams;
  const next = safeNext(params.next, home);
  await headers(); // request-time only: the build never starts the services
  const methods = signInMethods(await getAppServices());
  const error = signInError(params.error);
  return (
    <div className="mx-auto mt-10 max-w-sm sm:mt-20">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      {error ? (
        <p role="alert" className="mt-4 rounded-lg border border-rose-400/30 bg-rose-400/10 p-3 text-sm text-rose-100">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      {methods.password ? <PasswordSignInForm next={next} /> : null}
      {methods.local ? <LocalSignInForm next={next} staffByDefault={staffByDefault} /> : null}
      {!methods.local && !methods.password ? <p className="mt-6 text-sm text-zinc-300">{t("noMethod")}</p> : null}
    </div>
  );
}
