import type { ReactNode } from "react";

import { SkipLink } from "./skip-link";

/**
 * The `<body>` with the skip link first, and nothing around the app's content: an app whose pages bring their own
 * providers (the web app: only its studio uses tRPC in the browser, and each route sends just the messages its client
 * components use) imports this from `@lensroom/app-shell/shell-body`, so no provider's client code is part of every
 * page.
 */
export function ShellBody({ skipToContent, children }: { skipToContent: string; children: ReactNode }) {
  return (
    <body className="min-h-dvh">
      <SkipLink label={skipToContent} />
      {children}
    </body>
  );
}
