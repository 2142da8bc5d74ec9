// What the test-database globalSetup provides to test files through vitest's `inject()`.
declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export {};
