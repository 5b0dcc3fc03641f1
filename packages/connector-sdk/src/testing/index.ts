// @baton-ts/connector-sdk/testing: the kit every connector's tests use. Framework-agnostic: each
// check throws an Error listing every violation, so it works under any test runner.

export { createMemoryLogger, type LogRecord, type MemoryLogger } from "../log/memory-logger.js";
export { memorySession } from "../session/memory-session.js";
export { c1zDatabaseText, readC1z } from "./c1z-text.js";
export {
  type ContractCheckOptions,
  type ContractReport,
  ContractViolationError,
  checkConnectorContract,
} from "./contract-check.js";
export {
  type ClientCredentials,
  type ClientCredentialsOptions,
  type EnqueueOptions,
  type FakeCall,
  type FakeCallName,
  type FakeConductorOne,
  type FakeConductorOneOptions,
  type FinishRecord,
  GrpcCode,
  type HeartbeatRecord,
  type HelloRecord,
  makeClientCredentials,
  startFakeConductorOne,
  type TaskTypeInit,
  type UploadAttempt,
  type UploadFailurePoint,
  type WaitForOptions,
  type WaitOptions,
} from "./fake-conductorone/index.js";
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
export { type MemoryConnectorOptions, type MemoryTenant, memoryConnector } from "./memory-connector.js";
export { programNodeFlags } from "./node-flags.js";
export { GO_BASE_FLAGS, GO_HIDDEN_FLAGS, type GoFlag, helpLinePattern } from "./program-help.js";
export {
  type AccessProjection,
  checkProvisioningProperty,
  type ProvisioningPropertyOptions,
  type ProvisioningPropertyReport,
} from "./provisioning-property.js";
export { mulberry32 } from "./seeded-random.js";
export {
  runServiceModeScenario,
  type ServiceModeScenarioOptions,
  type ServiceModeScenarioReport,
} from "./service-mode-scenario.js";
export {
  type HookedRequest,
  type HookReply,
  onNthRequest,
  runHooks,
  type SimulatorHook,
  sendHookReply,
} from "./simulator-hooks.js";
export * from "./simulator-kit/index.js";
export { diffSnapshots, readSyncSnapshot, type SnapshotTable, type SyncSnapshot } from "./snapshot.js";
export {
  type ProgramRun,
  programRunner,
  type RunningProgram,
  spawnProgram,
  startProgram,
} from "./spawn-program.js";
export { type RecordedWrite, startWriteRecorder, type WriteRecorder } from "./write-recorder.js";
