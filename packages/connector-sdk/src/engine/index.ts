// The engine: sync, provisioning, capabilities. The runner and connectors call exactly these.
export { checkDefinition } from "./check-definition.js";
export {
  capabilitiesJson,
  connectorCapabilities,
  connectorMetadata,
  resourceTypeMessage,
} from "./metadata.js";
export type { PageWriterOptions as CheckpointOptions } from "./page-writer.js";
export {
  grantEntitlement,
  grantTargetOf,
  type ProvisionGrantOptions,
  type ProvisionRevokeOptions,
  provisionGrant,
  provisionRevoke,
  readGrantTarget,
  readRevokeTarget,
  revokeGrant,
} from "./provision.js";
export { type RunSyncOptions, runSync, type SyncSummary } from "./sync.js";
