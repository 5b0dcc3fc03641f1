// @baton-ts/connector-sdk: what a connector is written with and run by. Everything else is behind a
// named subpath: /cli (the program, config loading and help), /testing (the kit), /sample (the guide's
// example connector), /http (the HTTP client's building blocks: retries, rate-limit parsing, pacing,
// the call scope).

// Time-bound grants (leases) and the audit log of provisioning.
export * from "./audit/index.js";
// A connector's settings.
export { type ConfigFieldMeta, secret } from "./config/meta.js";
// The contract: one typed definition per connector.
export * from "./contract/connector.js";
export * from "./contract/context.js";
export * from "./contract/page.js";
export * from "./contract/provision-target.js";
export * from "./contract/provisioning.js";
export * from "./contract/resource-type.js";
export * from "./contract/session.js";
// Running a connector: sync, provisioning, capabilities.
export { checkDefinition } from "./engine/check-definition.js";
export { capabilitiesJson } from "./engine/metadata.js";
export type { PageWriterOptions as CheckpointOptions } from "./engine/page-writer.js";
export {
  type GrantEntitlementInput,
  grantEntitlement,
  type ProvisionGrantOptions,
  type ProvisionRevokeOptions,
  provisionGrant,
  provisionRevoke,
  type RevokeGrantInput,
  revokeGrant,
} from "./engine/provision.js";
export { type RunSyncOptions, runSync, type SyncSummary } from "./engine/sync.js";
export type { SyncSessionOptions } from "./engine/sync-session.js";
// Typed failures.
export * from "./errors.js";
// The HTTP client a connector's API client is built on.
export { createHttpClient } from "./http/client.js";
export { DryRunAnswerNeededError } from "./http/dry-run-answer.js";
export { HttpError, isHttpError, type NetworkFailure } from "./http/http-error.js";
export { isAcceptedBaseUrl } from "./http/loopback.js";
export { DEFAULT_MAX_RESPONSE_BYTES } from "./http/response-size.js";
export type * from "./http/types.js";
export * from "./leases/index.js";
// Logging.
export { type CreateLoggerOptions, createLogger, type LogFormat } from "./log/create-logger.js";
export type { LogFields, Logger, LogLevel } from "./log/logger.js";
export { nullLogger } from "./log/null-logger.js";
// Builders of Baton's model, and paging.
export * from "./model/index.js";
export * from "./paging/index.js";
// Safe read-modify-write provisioning on APIs without compare-and-set.
export * from "./provisioning/index.js";
// A value a sync needs in one piece, kept in its session across a resume.
export { rememberInSession } from "./session/remember-in-session.js";
