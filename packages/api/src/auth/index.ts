export * from "./identity";
export * from "./request-identity";
export * from "./token-config";
export * from "./tokens";
