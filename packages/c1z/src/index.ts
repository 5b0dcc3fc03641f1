export { C1zDatabase, type C1zOpenOptions, type SaveOptions, type SavePhase } from "./c1z-database.js";
export {
  type C1zDiff,
  C1zFile,
  type C1zStats,
  type DiffOf,
  type EntitlementQuery,
  type GrantQuery,
  type PageOf,
  type PageQuery,
  type ResourceQuery,
} from "./c1z-file.js";
export { type DecoderLimits, decoderLimitsFromEnv } from "./decoder-limits.js";
export { C1zFormatError, C1zUsageError } from "./errors.js";
export { C1zLockedError, type LockHolder } from "./file-lock.js";
export { C1Z_MAGIC, type C1zHeader, readC1zHeader } from "./header.js";
export { ksuidTime, newKsuid } from "./ksuid.js";
export { MAX_PAGE_SIZE, RowStore } from "./row-store.js";
export type {
  AssetRow,
  EntitlementRow,
  GrantRow,
  IntegrityReport,
  ObjectKind,
  ResourceKey,
  ResourceRow,
  ResourceTypeRow,
  RowCounts,
  RowFilters,
  RowPage,
} from "./rows.js";
export { resourceExternalId } from "./rows.js";
export { REQUIRED_COLUMNS, SCHEMA_DDL, TABLES, type TableName } from "./schema.js";
export type { SessionRows } from "./session-rows.js";
export type { StartedSync, SyncRun } from "./sync-runs.js";
export { formatTimestamp, parseTimestamp } from "./timestamp.js";
