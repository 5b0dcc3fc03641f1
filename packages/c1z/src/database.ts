// @baton-ts/c1z/database: the same store at row level, for tools and engines that hold encoded rows
// (the sdk's sync engine): the database, its row store, the SQL schema, sync sessions, decoder limits.
export { C1zDatabase } from "./c1z-database.js";
export { type DecoderLimits, decoderLimitsFromEnv } from "./decoder-limits.js";
export { MAX_PAGE_SIZE, RowStore } from "./row-store.js";
export type {
  AssetRow,
  EntitlementRow,
  GrantRow,
  IntegrityReport,
  ObjectKind,
  ResourceRow,
  ResourceTypeRow,
  RowCounts,
  RowFilters,
  RowPage,
} from "./rows.js";
export { resourceExternalId } from "./rows.js";
export { REQUIRED_COLUMNS, SCHEMA_DDL, TABLES, type TableName } from "./schema.js";
export { SESSION_TABLE, type SessionRows } from "./session-rows.js";
export { formatTimestamp, parseTimestamp } from "./timestamp.js";
