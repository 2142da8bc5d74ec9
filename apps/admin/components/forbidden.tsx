import { getTranslations } from "next-intl/server";

/** The 403 answer for a signed-in user who is not staff. */
export async function Forbidden({ email }: { email: string }) {
  const t = await getTranslations("forbidden");
  return (
    <div data-testid="forbidden" className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-zinc-400">{t("text", { email })}</p>
      <form action="/api/auth/sign-out" method="post" className="mt-6">
        <button type="submit" className="rounded-lg bg-white/10 px-4 py-2 text-sm hover:bg-white/20">
          {t("switch")}
        </button>
      </form>
    </div>
  );
}
