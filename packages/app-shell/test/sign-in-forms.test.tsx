import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { LocalSignInForm } from "../src/sign-in/local-sign-in-form";
import { PasswordSignInForm } from "../src/sign-in/password-sign-in-form";

const signIn = {
  email: "Email",
  emailPlaceholder: "you@example.com",
  password: "Password",
  staff: "Sign in as staff",
  submit: "Sign in",
  localNotice: "Local sign-in",
};

const render = (node: ReactNode) =>
  renderToStaticMarkup(
    <NextIntlClientProvider locale="en" messages={{ signIn }}>
      {node}
    </NextIntlClientProvider>,
  );

/** The opening tag of the first element `<tag …>` that carries `attribute` (attribute order is React's business). */
const tagWith = (html: string, tag: string, attribute: string) => html.match(new RegExp(`<${tag}\\b[^>]*${attribute}[^>]*>`))?.[0] ?? "";

describe("sign-in forms", () => {
  it("the password form posts email, password and next, each input with its label", () => {
    const html = render(<PasswordSignInForm next="/create/studio" />);
    expect(html).toContain('action="/api/auth/password"');
    expect(tagWith(html, "input", 'name="next"')).toContain('value="/create/studio"');
    expect(html).toMatch(/<label for="password-email"[^>]*>Email<\/label><input id="password-email"/);
    expect(tagWith(html, "input", 'id="password-email"')).toContain('name="email"');
    expect(html).toMatch(/<label for="password"[^>]*>Password<\/label><input id="password"/);
    expect(tagWith(html, "input", 'id="password"')).toContain('type="password"');
  });

  it("the local form ticks the staff box only when asked", () => {
    const web = render(<LocalSignInForm next="/library" staffByDefault={false} />);
    const admin = render(<LocalSignInForm next="/" staffByDefault />);
    expect(web).toContain('action="/api/auth/local"');
    expect(web).toContain('placeholder="you@example.com"');
    expect(tagWith(web, "input", 'name="staff"')).not.toContain("checked");
    expect(tagWith(admin, "input", 'name="staff"')).toContain('checked=""');
    expect(tagWith(admin, "input", 'name="next"')).toContain('value="/"');
  });
});
