import { useLocale } from "next-intl";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { AppShellBody } from "../src/layout/app-shell-body";
import { MAIN_ID, SkipLink } from "../src/layout/skip-link";

function FakeTRPCProvider({ children }: { children: ReactNode }) {
  return <div data-provider="trpc">{children}</div>;
}

/** A client component below the shell: it renders in the language the shell was given. */
function Language() {
  return <p>{useLocale()}</p>;
}

describe("app shell body", () => {
  it("the skip link comes first and jumps to the app's main", () => {
    const html = renderToStaticMarkup(<SkipLink label="Перейти к содержимому" />);
    expect(html).toMatch(new RegExp(`^<a href="#${MAIN_ID}" class="sr-only focus:not-sr-only[^"]*">Перейти к содержимому</a>$`));
  });

  it("wraps the app's content in the request's language and the app's own tRPC provider, after the skip link", () => {
    const html = renderToStaticMarkup(
      <AppShellBody locale="en" skipToContent="Skip to content" TRPCProvider={FakeTRPCProvider}>
        <main id="main">
          <Language />
        </main>
      </AppShellBody>,
    );
    expect(html).toMatch(
      /^<body class="min-h-dvh"><a href="#main"[^>]*>Skip to content<\/a><div data-provider="trpc"><main id="main"><p>en<\/p><\/main><\/div><\/body>$/,
    );
  });
});
