import type { DatabaseSync } from "node:sqlite";

/** The object tables of a c1z v1 file, in the order Baton (OLD) creates them. */
export const TABLES = {
  resourceTypes: "v1_resource_types",
  resources: "v1_resources",
  entitlements: "v1_entitlements",
  grants: "v1_grants",
  syncRuns: "v1_sync_runs",
  assets: "v1_assets",
} as const;

export type TableName = (typeof TABLES)[keyof typeof TABLES];

/** Columns every table must have, in Baton's order (files written by newer SDKs may add more at the end). */
export const REQUIRED_COLUMNS: Readonly<Record<TableName, readonly string[]>> = {
  v1_resource_types: ["id", "external_id", "data", "sync_id", "discovered_at"],
  v1_resources: [
    "id",
    "resource_type_id",
    "external_id",
    "parent_resource_type_id",
    "parent_resource_id",
    "data",
    "sync_id",
    "discovered_at",
  ],
  v1_entitlements: [
    "id",
    "resource_type_id",
    "resource_id",
    "external_id",
    "data",
    "sync_id",
    "discovered_at",
  ],
  v1_grants: [
    "id",
    "resource_type_id",
    "resource_id",
    "entitlement_id",
    "principal_resource_type_id",
    "principal_resource_id",
    "external_id",
    "data",
    "sync_id",
    "discovered_at",
  ],
  v1_sync_runs: ["id", "sync_id", "started_at", "ended_at", "sync_token"],
  v1_assets: ["id", "external_id", "content_type", "data", "sync_id", "discovered_at"],
};

/**
 * The grants-by-principal index. Principals arrive in random order, so keeping this index up to date
 * while a sync writes touches a random index page per grant and multiplies the bytes every commit writes
 * (measured: 2.5-3x slower bulk writes). Writable opens drop it during grant writes and build it again in
 * one sorted pass before a read needs it and before save, so saved files always have it.
 */
export const PRINCIPAL_INDEX_NAME = "idx_grants_principal_id_v1";
export const PRINCIPAL_INDEX_DDL = `create index if not exists ${PRINCIPAL_INDEX_NAME} on v1_grants (principal_resource_type_id, principal_resource_id)`;

/**
 * The other two grant indexes, which the first sync of a file also builds late (see RowStore's bulk
 * mode): upserts need the unique one, so until it exists grants are plain appends, and duplicates are
 * merged (upsert semantics) just before it is built.
 */
export const GRANT_KEY_INDEX_NAME = "idx_grants_external_sync_v1";
export const GRANT_KEY_INDEX_DDL = `create unique index if not exists ${GRANT_KEY_INDEX_NAME} on v1_grants (external_id, sync_id)`;
export const GRANT_ENTITLEMENT_INDEX_NAME = "idx_grants_entitlement_id_v1";
export const GRANT_ENTITLEMENT_INDEX_DDL = `create index if not exists ${GRANT_ENTITLEMENT_INDEX_NAME} on v1_grants (entitlement_id)`;

/** Grant indexes a writable open leaves for RowStore to build when needed. */
const DEFERRABLE_GRANT_INDEXES: readonly string[] = [
  PRINCIPAL_INDEX_DDL,
  GRANT_KEY_INDEX_DDL,
  GRANT_ENTITLEMENT_INDEX_DDL,
];

/**
 * The DDL of baton-sdk's c1z v1 store (pkg/dotc1z), run with `if not exists` on every open exactly as OLD does.
 * Index names keep OLD's quirks on purpose: on v1_resources two names are swapped, and the grants
 * (resource_type_id, resource_id) index reuses the name of the resource-types index, so SQLite silently
 * skips it. Files we write therefore have the same indexes as files OLD writes.
 */
export const SCHEMA_DDL: readonly string[] = [
  `create table if not exists v1_resource_types (
  id integer primary key,
  external_id text not null,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
)`,
  "create unique index if not exists idx_resource_types_external_sync_v1 on v1_resource_types (external_id, sync_id)",
  `create table if not exists v1_resources (
  id integer primary key,
  resource_type_id text not null,
  external_id text not null,
  parent_resource_type_id text,
  parent_resource_id text,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
)`,
  "create index if not exists idx_resources_resource_type_id_v1 on v1_resources (resource_type_id)",
  "create index if not exists idx_resources_external_sync_v1 on v1_resources (parent_resource_type_id, parent_resource_id)",
  "create unique index if not exists idx_resources_parent_resource_id_v1 on v1_resources (external_id, sync_id)",
  `create table if not exists v1_entitlements (
  id integer primary key,
  resource_type_id text not null,
  resource_id text not null,
  external_id text not null,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
)`,
  "create index if not exists idx_entitlements_resource_id_v1 on v1_entitlements (resource_type_id, resource_id)",
  "create unique index if not exists idx_entitlements_external_sync_v1 on v1_entitlements (external_id, sync_id)",
  `create table if not exists v1_grants (
  id integer primary key,
  resource_type_id text not null,
  resource_id text not null,
  entitlement_id text not null,
  principal_resource_type_id text not null,
  principal_resource_id text not null,
  external_id text not null,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
)`,
  // OLD's name collision: skipped by SQLite because the name already exists on v1_resource_types.
  "create index if not exists idx_resource_types_external_sync_v1 on v1_grants (resource_type_id, resource_id)",
  GRANT_ENTITLEMENT_INDEX_DDL,
  PRINCIPAL_INDEX_DDL,
  GRANT_KEY_INDEX_DDL,
  `create table if not exists v1_sync_runs (
  id integer primary key,
  sync_id text not null,
  started_at datetime not null,
  ended_at datetime,
  sync_token text not null
)`,
  "create unique index if not exists idx_sync_runs_sync_id_v1 on v1_sync_runs (sync_id)",
  `create table if not exists v1_assets (
  id integer primary key,
  external_id text not null,
  content_type text not null,
  data blob not null,
  sync_id text not null,
  discovered_at datetime not null
)`,
  "create unique index if not exists idx_assets_external_sync_v1 on v1_assets (external_id, sync_id)",
];

/** Problems found in a database's schema, empty when it can hold c1z v1 data. */
export function schemaProblems(db: DatabaseSync): string[] {
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .all()
    .map((row) => String(row.name));
  const expected = Object.values(TABLES) as string[];
  const present = tables.filter((name) => expected.includes(name));
  // A database with tables but none of ours is some other SQLite file, not a c1z.
  if (tables.length > 0 && present.length === 0) {
    return [`it holds tables (${tables.slice(0, 5).join(", ")}) but none of the c1z v1 tables`];
  }
  const problems: string[] = [];
  for (const table of present as TableName[]) {
    const columns = db
      .prepare(`select name from pragma_table_info('${table}')`)
      .all()
      .map((row) => String(row.name));
    const missing = REQUIRED_COLUMNS[table].filter((column) => !columns.includes(column));
    if (missing.length > 0) problems.push(`table ${table} lacks column(s) ${missing.join(", ")}`);
  }
  return problems;
}

/**
 * Creates any missing table or index (idempotent, like OLD on every open). `deferGrantIndexes` leaves
 * missing grant indexes to RowStore, which builds them when a read or save() needs them: a work DB
 * resumed in bulk mode may hold duplicate grants that must be merged before the unique index exists.
 */
export function ensureSchema(db: DatabaseSync, options: { deferGrantIndexes?: boolean } = {}): void {
  for (const statement of SCHEMA_DDL) {
    if (options.deferGrantIndexes && DEFERRABLE_GRANT_INDEXES.includes(statement)) continue;
    db.exec(statement);
  }
}
