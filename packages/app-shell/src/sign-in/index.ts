export { SignInPage, type SignInPageProps } from "./sign-in-page";
export { safeNext, signInError, SIGN_IN_ERRORS, type SignInError, type SignInSearchParams } from "./sign-in-params";
