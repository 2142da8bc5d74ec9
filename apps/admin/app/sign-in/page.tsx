import type { Metadata } from "next";
import { getAppServices, signInMethods } from "@lensroom/api";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";

export const metadata: Metadata = { title: "Sign in" };

const SIGN_IN_ERRORS = ["credentials", "invalid", "unavailable"] as const;

const safeNext = (value: unknown) => (typeof value === "string" && /^\/[^/\\]/.test(value) ? value : "/");

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("signIn");
  const params = await searchParams;
  const next = safeNext(params.next);
  await headers(); // request-time only: the build never starts the services
  const methods = signInMethods(await getAppServices());
  const error = SIGN_IN_ERRORS.find((e) => e === params.error) ?? null;
  return (
    <div className="mx-auto mt-10 max-w-sm sm:mt-20">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      {error ? (
        <p role="alert" className="mt-4 rounded-lg border border-rose-400/30 bg-rose-400/10 p-3 text-sm text-rose-100">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      {methods.password ? (
        <form action="/api/auth/password" method="post" className="mt-6 space-y-4">
          <input type="hidden" name="next" value={next} />
          <div>
            <label htmlFor="password-email" className="mb-1.5 block text-sm font-medium text-zinc-200">
              {t("email")}
            </label>
            <input
              id="password-email"
              name="email"
              type="email"
              required
              autoComplete="email"
              className="w-full rounded-lg border border-white/10 bg-ink-900 px-3 py-2.5 text-zinc-100 focus:border-accent-400"
            />
          </div>
          <div>
            <label htmlFor="password" className="mb-1.5 block text-sm font-medium text-zinc-200">
              {t("password")}
            </label>
            <input
              id="password"
              name="password"
              type="password"
              required
              autoComplete="current-password"
              className="w-full rounded-lg border border-white/10 bg-ink-900 px-3 py-2.5 text-zinc-100 focus:border-accent-400"
            />
          </div>
          <button type="submit" className="w-full rounded-lg bg-accent-600 px-4 py-2.5 font-medium text-white hover:bg-accent-500">
            {t("submit")}
          </button>
        </form>
      ) : null}
      {methods.local ? (
        <>
        <p className="mt-3 rounded-lg border border-amber-400/20 bg-amber-400/5 p-3 text-sm text-amber-100/90">{t("localNotice")}</p>
        <form action="/api/auth/local" method="post" className="mt-6 space-y-4">
          {next === "/" ? null : <input type="hidden" name="next" value={next} />}
          <div>
            <label htmlFor="email" className="mb-1.5 block text-sm font-medium text-zinc-200">
              {t("email")}
            </label>
            <input
              id="email"
              name="email"
              type="email"
              required
              autoComplete="email"
              autoFocus
              placeholder={t("emailPlaceholder")}
              className="w-full rounded-lg border border-white/10 bg-ink-900 px-3 py-2.5 text-zinc-100 placeholder:text-zinc-500 focus:border-accent-400"
            />
          </div>
          <label className="flex items-center gap-2.5 text-sm text-zinc-300">
            <input type="checkbox" name="staff" defaultChecked className="size-4 accent-accent-500" />
            {t("staff")}
          </label>
          <button type="submit" className="w-full rounded-lg bg-accent-600 px-4 py-2.5 font-medium text-white hover:bg-accent-500">
            {t("submit")}
          </button>
        </form>
        </>
      ) : null}
      {!methods.local && !methods.password ? <p className="mt-6 text-sm text-zinc-300">{t("noMethod")}</p> : null}
    </div>
  );
}
