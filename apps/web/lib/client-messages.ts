import { getMessages } from "next-intl/server";

type Namespace = keyof Awaited<ReturnType<typeof getMessages>>;

/**
 * Just the namespaces a route's client components use, for its `NextIntlClientProvider` (the root layout sends none):
 * the rest of the catalogue stays on the server.
 */
export async function pickMessages(namespaces: readonly Namespace[]) {
  const messages = await getMessages();
  return Object.fromEntries(namespaces.map((name) => [name, messages[name]]));
}
