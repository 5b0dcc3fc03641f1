// @baton-ts/c1z: the c1z v1 file, read and written with typed messages. The row-level store under it
// (encoded rows, the SQL schema, sync sessions) is the `@baton-ts/c1z/database` subpath.
export type { C1zOpenOptions, SaveOptions, SavePhase } from "./c1z-database.js";
export {
  type C1zDiff,
  C1zFile,
  type C1zStats,
  type DiffOf,
  type EntitlementQuery,
  type GrantQuery,
  type LazyC1zDiff,
  type LazyDiffOf,
  type MessageOfKind,
  type PageOf,
  type PageQuery,
  type ResourceQuery,
} from "./c1z-file.js";
export { C1zPathError, type C1zPathProblem, checkC1zPath } from "./c1z-path.js";
export { C1zFormatError, C1zUsageError } from "./errors.js";
export type { ExpandedCacheOptions } from "./expanded-cache.js";
export { C1zLockedError, type LockHolder } from "./file-lock.js";
export { C1Z_MAGIC, type C1zHeader, readC1zHeader } from "./header.js";
export { ksuidTime, newKsuid } from "./ksuid.js";
export { resourceDisplayName } from "./resource-search.js";
export type { DiffChange, EntitlementGrantCount, ResourceKey } from "./rows.js";
export type { StartedSync, SyncRun } from "./sync-runs.js";
