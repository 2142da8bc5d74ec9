export { AppShellBody, type AppShellBodyProps } from "./app-shell-body";
export { MAIN_ID, SkipLink } from "./skip-link";
