export * from "./identity";
export * from "./read-session-cookie";
export * from "./request-identity";
export * from "./token-config";
export * from "./tokens";
