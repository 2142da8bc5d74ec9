import type { TestProject } from "vitest/node";

import { startTestPostgres } from "../src/testing";
import "../src/vitest-context";

export default async function setup(project: TestProject) {
  const pg = await startTestPostgres();
  project.provide("pgAdminUrl", pg.adminUrl);
  project.provide("pgTemplate", pg.template);
  return () => pg.teardown();
}
