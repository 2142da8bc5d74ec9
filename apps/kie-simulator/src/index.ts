export { startKieSimulator, type KieSimulator, type SimTasksView } from "./server";
export type { KieSimulatorOptions } from "./options";
export { FaultController, FaultValidationError } from "./faults";
export type { BareEnvelope, EmptyResultVariant, FaultEffects, FaultInput, RecordFailure, Status5xxMode } from "./fault-schema";
export type { CallbackAttempt, SimFamily, SimState, SimTaskSnapshot } from "./task";
