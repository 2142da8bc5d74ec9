export { currentIdentity } from "./current-identity";
export { requireIdentity } from "./require-identity";
