// @baton-ts/connector-sdk/testing: the kit every connector's tests use. Framework-agnostic: each
// check throws an Error listing every violation, so it works under any test runner.

export { c1zDatabaseText, readC1z } from "./c1z-text.js";
export {
  type ContractCheckOptions,
  type ContractReport,
  ContractViolationError,
  checkConnectorContract,
} from "./contract-check.js";
export {
  type Fault,
  type FaultKind,
  type FaultPlan,
  type FaultProxy,
  type FaultProxyStats,
  type FaultRule,
  startFaultProxy,
} from "./fault-proxy.js";
export {
  defaultFaultScenarios,
  type FaultScenario,
  type FaultScenarioOptions,
  type FaultScenarioResult,
  runFaultScenarios,
} from "./fault-scenarios.js";
export {
  type KillAndResumeOptions,
  type KillAndResumeResult,
  type KillPoint,
  type KillWorkerModule,
  runKillAndResume,
  runKillWorker,
} from "./kill-and-resume.js";
export { jsonLogLines } from "./log-lines.js";
export { createMemoryLogger, type LogRecord, type MemoryLogger } from "../log/memory-logger.js";
export { memorySession } from "../session/memory-session.js";
export { type MemoryConnectorOptions, type MemoryTenant, memoryConnector } from "./memory-connector.js";
export { programNodeFlags } from "./node-flags.js";
export { GO_BASE_FLAGS, GO_HIDDEN_FLAGS, type GoFlag, helpLinePattern } from "./program-help.js";
export { mulberry32 } from "./seeded-random.js";
export { diffSnapshots, readSyncSnapshot, type SnapshotTable, type SyncSnapshot } from "./snapshot.js";
export { type ProgramRun, programRunner, spawnProgram } from "./spawn-program.js";
