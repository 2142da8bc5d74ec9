import { SignInPage, type SignInSearchParams } from "@lensroom/app-shell/sign-in";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign in" };

// Staff are who sign in here: the local form's staff box starts ticked.
export default function Page({ searchParams }: { searchParams: Promise<SignInSearchParams> }) {
  return <SignInPage searchParams={searchParams} home="/" staffByDefault />;
}
