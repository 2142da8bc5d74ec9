export { applyAdoption, type AdoptionResult } from "./apply";
export { formatPlan, formatResult, summaryLine } from "./format-plan";
export { PROVIDER_LINK_DAYS, type MappingOptions } from "./legacy-row-mapping";
export { ExistingSiteError, assertGenerationsTableIsOurs, inspectGenerationsTable, readTableColumns, type GenerationsTable } from "./legacy-table";
export { STRAGGLERS } from "./old-shape-rows";
export { buildAdoptionPlan, countStragglers, type AdoptionPlan, type RowGroup } from "./plan";
