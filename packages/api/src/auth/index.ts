export * from "./identity";
export * from "./request-identity";
export * from "./tokens";
