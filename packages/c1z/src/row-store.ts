import type { SQLInputValue } from "node:sqlite";
import { C1zUsageError } from "./errors.js";
import { ENTITLEMENT_GRANTS_TABLE, hasReaderExtras, RESOURCE_SEARCH_TABLE } from "./reader-extras.js";
import { RESOURCE_MATCHES_FUNCTION, registerResourceSearch } from "./resource-search.js";
import type {
  AssetRow,
  DiffChange,
  DiffPage,
  EntitlementGrantCount,
  EntitlementRow,
  GrantRow,
  IntegrityReport,
  ObjectKind,
  ResourceKey,
  ResourceRow,
  ResourceTypeRow,
  RowCounts,
  RowDiff,
  RowFilters,
  RowPage,
} from "./rows.js";
import {
  GRANT_ENTITLEMENT_INDEX_DDL,
  GRANT_ENTITLEMENT_INDEX_NAME,
  GRANT_KEY_INDEX_DDL,
  GRANT_KEY_INDEX_NAME,
  PRINCIPAL_INDEX_DDL,
  PRINCIPAL_INDEX_NAME,
  TABLES,
} from "./schema.js";
import type { Sql } from "./sql.js";
import { formatTimestamp } from "./timestamp.js";

/** Baton's page size: 0 or anything above the maximum means the maximum. */
export const MAX_PAGE_SIZE = 10_000;

const TABLE_OF: Record<ObjectKind, string> = {
  resourceTypes: TABLES.resourceTypes,
  resources: TABLES.resources,
  entitlements: TABLES.entitlements,
  grants: TABLES.grants,
};

// Upserts as OLD: only `data` is replaced, so the first row's id, discovered_at and columns stay.
const UPSERT = {
  resourceTypes:
    "insert into v1_resource_types (external_id, data, sync_id, discovered_at) values (?, ?, ?, ?) " +
    "on conflict (external_id, sync_id) do update set data = excluded.data",
  resources:
    "insert into v1_resources (resource_type_id, external_id, parent_resource_type_id, parent_resource_id, data, sync_id, discovered_at) " +
    "values (?, ?, ?, ?, ?, ?, ?) on conflict (external_id, sync_id) do update set data = excluded.data",
  entitlements:
    "insert into v1_entitlements (resource_type_id, resource_id, external_id, data, sync_id, discovered_at) " +
    "values (?, ?, ?, ?, ?, ?) on conflict (external_id, sync_id) do update set data = excluded.data",
  grants:
    "insert into v1_grants (resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, data, sync_id, discovered_at) " +
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (external_id, sync_id) do update set data = excluded.data",
  assets:
    "insert into v1_assets (external_id, content_type, data, sync_id, discovered_at) values (?, ?, ?, ?, ?) " +
    "on conflict (external_id, sync_id) do update set data = excluded.data, content_type = excluded.content_type",
} as const;

// Grants while no unique index exists (bulk mode): plain appends; settleGrants() merges duplicates.
const INSERT_GRANT =
  "insert into v1_grants (resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, data, sync_id, discovered_at) " +
  "values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/**
 * The row-level core of the store: upserts, point reads, paged and streamed reads, counts, integrity
 * checks and diffs over the v1 tables, with no knowledge of protobuf. Every write joins the caller's
 * transaction or, outside one, runs in its own (one transaction per batch).
 *
 * Grant indexes in writable opens (grants are the table with millions of rows):
 * - The principal index is dropped at the first grant write of an open and built again in one sorted
 *   pass when a read filters by principal or save() runs (random principals made every commit rewrite
 *   index pages: 2.5-3x slower writes).
 * - Bulk mode: when the first grant write of an open finds v1_grants empty (a file's first sync), the
 *   unique (external_id, sync_id) and entitlement indexes are dropped too and grants are appended without
 *   upsert. Before anything reads grants, and in save(), settleGrants() merges duplicate keys the way
 *   the upserts would have (first row's id, discovered_at and columns, last row's data) and builds the
 *   indexes; from then on this open writes with upserts. Measured on 1,000,000 grants: writes 4.2 s →
 *   2.4 s, save +0.7 s. Later syncs of a file keep their indexes: rebuilding them over the rows of the
 *   kept syncs would cost more than it saves.
 * - Once built for a read, an index is not dropped again in the same open, so alternating writes and
 *   reads (the engine's grant expansion) never rebuild indexes over and over.
 * Which indexes exist is read from sqlite_master whenever the schema version changes, so a rolled-back
 * transaction that dropped or built one cannot leave this object believing the wrong thing.
 */
export class RowStore {
  readonly #writable: boolean;
  /** Whether this open may still drop indexes for bulk writes (false after a read needed them). */
  #mayDropPrincipalIndex: boolean;
  #mayEnterBulkMode: boolean;
  #schemaVersion = -1;
  #grantIndexes = new Set<string>();
  #readerExtras: boolean | undefined;
  #preparedDiff: { base: string; applied: string } | undefined;

  private readonly sql: Sql;

  constructor(sql: Sql, options: { writable?: boolean } = {}) {
    this.sql = sql;
    this.#writable = options.writable ?? false;
    this.#mayDropPrincipalIndex = this.#writable;
    this.#mayEnterBulkMode = this.#writable;
    registerResourceSearch(sql.db);
  }

  /** Whether this database has the reader-only tables of a cache entry (fixed for the connection). */
  get #hasReaderExtras(): boolean {
    this.#readerExtras ??= !this.#writable && hasReaderExtras(this.sql.db);
    return this.#readerExtras;
  }

  /** True while grants are written without the unique index (see the class comment). */
  get bulkGrants(): boolean {
    return !this.#hasGrantIndex(GRANT_KEY_INDEX_NAME);
  }

  /** Builds every deferred grant index (before save, and before a read filters by principal). */
  ensureIndexes(): void {
    this.#settleGrants();
    if (!this.#hasGrantIndex(PRINCIPAL_INDEX_NAME)) this.sql.db.exec(PRINCIPAL_INDEX_DDL);
    this.#mayDropPrincipalIndex = false;
  }

  #hasGrantIndex(name: string): boolean {
    const version = Number(this.sql.statement("pragma schema_version").get()?.schema_version);
    if (version !== this.#schemaVersion) {
      this.#schemaVersion = version;
      this.#grantIndexes = new Set(
        this.sql
          .statement("select name from sqlite_master where type = 'index' and tbl_name = 'v1_grants'")
          .all()
          .map((row) => String(row.name)),
      );
    }
    return this.#grantIndexes.has(name);
  }

  /** Ends bulk mode: merges duplicate grant keys, then builds the unique and entitlement indexes. */
  #settleGrants(): void {
    this.#mayEnterBulkMode = false;
    if (this.#hasGrantIndex(GRANT_KEY_INDEX_NAME)) return;
    this.sql.transaction(() => {
      try {
        this.sql.db.exec(GRANT_KEY_INDEX_DDL);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Rare (a connector listed a grant twice): merge, then build. The failed build cost one sort.
        this.#mergeDuplicateGrants();
        this.sql.db.exec(GRANT_KEY_INDEX_DDL);
      }
      this.sql.db.exec(GRANT_ENTITLEMENT_INDEX_DDL);
    });
  }

  /** What the skipped upserts would have done: keep the first row of a key, with its last row's data. */
  #mergeDuplicateGrants(): void {
    const db = this.sql.db;
    db.exec(
      "create temp table c1z_duplicate_grants (keep_id integer primary key, last_id integer not null, external_id text not null, sync_id text not null)",
    );
    try {
      db.exec(
        "insert into temp.c1z_duplicate_grants select min(id), max(id), external_id, sync_id from v1_grants " +
          "group by external_id, sync_id having count(*) > 1",
      );
      db.exec("create index temp.c1z_duplicate_grants_key on c1z_duplicate_grants (external_id, sync_id)");
      db.exec(
        "update v1_grants set data = (select last.data from temp.c1z_duplicate_grants d join v1_grants last on last.id = d.last_id " +
          "where d.keep_id = v1_grants.id) where id in (select keep_id from temp.c1z_duplicate_grants)",
      );
      db.exec(
        "delete from v1_grants where id not in (select keep_id from temp.c1z_duplicate_grants) and exists " +
          "(select 1 from temp.c1z_duplicate_grants d where d.external_id = v1_grants.external_id and d.sync_id = v1_grants.sync_id)",
      );
    } finally {
      db.exec("drop table temp.c1z_duplicate_grants");
    }
  }

  /** Grants are about to be read: leave bulk mode (and build the principal index if the read needs it). */
  #readyToReadGrants(byPrincipal = false): void {
    if (byPrincipal) this.ensureIndexes();
    else this.#settleGrants();
  }

  /** Called by every grant write: enters bulk mode or drops the principal index when this open may. */
  #prepareGrantWrites(): boolean {
    if (this.#mayEnterBulkMode) {
      this.#mayEnterBulkMode = false;
      if (
        this.#hasGrantIndex(GRANT_KEY_INDEX_NAME) &&
        this.sql.statement("select 1 from v1_grants limit 1").get() === undefined
      ) {
        this.sql.db.exec(`drop index if exists ${GRANT_KEY_INDEX_NAME}`);
        this.sql.db.exec(`drop index if exists ${GRANT_ENTITLEMENT_INDEX_NAME}`);
      }
    }
    if (this.#mayDropPrincipalIndex) {
      this.#mayDropPrincipalIndex = false;
      if (this.#hasGrantIndex(PRINCIPAL_INDEX_NAME))
        this.sql.db.exec(`drop index if exists ${PRINCIPAL_INDEX_NAME}`);
    }
    return !this.#hasGrantIndex(GRANT_KEY_INDEX_NAME);
  }

  putResourceTypeRows(syncId: string, rows: readonly ResourceTypeRow[]): void {
    const statement = this.sql.statement(UPSERT.resourceTypes);
    const now = formatTimestamp(new Date());
    this.sql.batch(() => {
      for (const row of rows) statement.run(row.externalId, row.data, syncId, now);
    });
  }

  putResourceRows(syncId: string, rows: readonly ResourceRow[]): void {
    this.putResourcesWith(syncId, rows, asRow);
  }

  /**
   * putResourceRows, with each row made by `toRow` just before it is bound. `toRow` may return the same
   * object (and encoding buffer) every time: SQLite copies the values when binding, so a typed put
   * allocates no row objects (see RowMaker).
   */
  putResourcesWith<T>(syncId: string, items: readonly T[], toRow: (item: T) => ResourceRow): void {
    const statement = this.sql.statement(UPSERT.resources);
    const now = formatTimestamp(new Date());
    this.sql.batch(() => {
      for (const item of items) {
        const row = toRow(item);
        statement.run(
          row.resourceTypeId,
          row.externalId,
          row.parentResourceTypeId ?? null,
          row.parentResourceId ?? null,
          row.data,
          syncId,
          now,
        );
      }
    });
  }

  putEntitlementRows(syncId: string, rows: readonly EntitlementRow[]): void {
    this.putEntitlementsWith(syncId, rows, asRow);
  }

  /** putEntitlementRows with rows made one at a time (see putResourcesWith). */
  putEntitlementsWith<T>(syncId: string, items: readonly T[], toRow: (item: T) => EntitlementRow): void {
    const statement = this.sql.statement(UPSERT.entitlements);
    const now = formatTimestamp(new Date());
    this.sql.batch(() => {
      for (const item of items) {
        const row = toRow(item);
        statement.run(row.resourceTypeId, row.resourceId, row.externalId, row.data, syncId, now);
      }
    });
  }

  putGrantRows(syncId: string, rows: readonly GrantRow[]): void {
    this.putGrantsWith(syncId, rows, asRow);
  }

  /** putGrantRows with rows made one at a time (see putResourcesWith). */
  putGrantsWith<T>(syncId: string, items: readonly T[], toRow: (item: T) => GrantRow): void {
    const now = formatTimestamp(new Date());
    this.sql.batch(() => {
      const statement = this.sql.statement(this.#prepareGrantWrites() ? INSERT_GRANT : UPSERT.grants);
      for (const item of items) {
        const row = toRow(item);
        statement.run(
          row.resourceTypeId,
          row.resourceId,
          row.entitlementId,
          row.principalResourceTypeId,
          row.principalResourceId,
          row.externalId,
          row.data,
          syncId,
          now,
        );
      }
    });
  }

  putAssetRows(syncId: string, rows: readonly AssetRow[]): void {
    const statement = this.sql.statement(UPSERT.assets);
    const now = formatTimestamp(new Date());
    this.sql.batch(() => {
      for (const row of rows) {
        statement.run(row.externalId, row.contentType || "unknown", row.data, syncId, now);
      }
    });
  }

  /** The `data` of the row with this external_id in this sync. */
  getData(kind: ObjectKind, externalId: string, syncId: string): Uint8Array | undefined {
    if (kind === "grants") this.#readyToReadGrants();
    const row = this.sql
      .statement(`select data from ${TABLE_OF[kind]} where external_id = ? and sync_id = ? limit 1`)
      .get(externalId, syncId);
    return row ? (row.data as Uint8Array) : undefined;
  }

  has(kind: ObjectKind, externalId: string, syncId: string): boolean {
    if (kind === "grants") this.#readyToReadGrants();
    return (
      this.sql
        .statement(`select 1 as found from ${TABLE_OF[kind]} where external_id = ? and sync_id = ? limit 1`)
        .get(externalId, syncId) !== undefined
    );
  }

  getAsset(externalId: string, syncId: string): { contentType: string; data: Uint8Array } | undefined {
    const row = this.sql
      .statement("select content_type, data from v1_assets where external_id = ? and sync_id = ? limit 1")
      .get(externalId, syncId);
    return row ? { contentType: String(row.content_type), data: row.data as Uint8Array } : undefined;
  }

  /**
   * One page in row-id order. The page token is Baton's: the row id to start from (inclusive), so a token
   * made by Baton's reader works here and the other way round.
   */
  list(
    kind: ObjectKind,
    syncId: string,
    filters: RowFilters,
    pageToken?: string,
    pageSize?: number,
  ): RowPage {
    if (kind === "grants") this.#readyToReadGrants(filters.principal !== undefined);
    const size = normalisePageSize(pageSize);
    const where = whereClause(kind, syncId, filters, this.#hasReaderExtras);
    const startId = parsePageToken(pageToken);
    const rows = this.sql
      .statement(`select id, data from ${TABLE_OF[kind]} where ${where.sql} and id >= ? order by id limit ?`)
      .all(...where.params, startId, size + 1);
    const page: RowPage = { rows: rows.slice(0, size).map((row) => row.data as Uint8Array) };
    const next = rows[size];
    if (next) page.nextPageToken = String(next.id);
    return page;
  }

  /** Every matching row's `data` in row-id order, streamed (memory does not grow with the result). */
  *iterate(kind: ObjectKind, syncId: string, filters: RowFilters): Generator<Uint8Array> {
    if (kind === "grants") this.#readyToReadGrants(filters.principal !== undefined);
    const where = whereClause(kind, syncId, filters, this.#hasReaderExtras);
    for (const row of this.sql.iterate(
      `select data from ${TABLE_OF[kind]} where ${where.sql} order by id`,
      ...where.params,
    )) {
      yield row.data as Uint8Array;
    }
  }

  /** How many rows of one sync match the filters (an index does the work wherever one applies). */
  count(kind: ObjectKind, syncId: string, filters: RowFilters): number {
    if (kind === "grants") this.#readyToReadGrants(filters.principal !== undefined);
    const where = whereClause(kind, syncId, filters, this.#hasReaderExtras);
    return Number(
      this.sql
        .statement(`select count(*) as n from ${TABLE_OF[kind]} where ${where.sql}`)
        .get(...where.params)?.n ?? 0,
    );
  }

  /** The entitlements with the most grants in one sync, most first (ties by id). */
  entitlementsByGrantCount(syncId: string, limit: number): EntitlementGrantCount[] {
    this.#readyToReadGrants();
    return this.sql
      .statement(
        this.#hasReaderExtras
          ? `select entitlement_id, grants as n from ${ENTITLEMENT_GRANTS_TABLE} where sync_id = ? order by grants desc, entitlement_id limit ?`
          : "select entitlement_id, count(*) as n from v1_grants where sync_id = ? group by entitlement_id order by n desc, entitlement_id limit ?",
      )
      .all(syncId, limit)
      .map((row) => ({ entitlementId: String(row.entitlement_id), grants: Number(row.n) }));
  }

  /**
   * The distinct principals of the matching grants, in the order of their first grant, streamed. SQLite
   * groups them from the denormalised columns: no grant is decoded and the set lives in SQLite, not in JS.
   */
  *iterateGrantPrincipals(syncId: string, filters: RowFilters): Generator<ResourceKey> {
    this.#readyToReadGrants(filters.principal !== undefined);
    const where = whereClause("grants", syncId, filters, this.#hasReaderExtras);
    for (const row of this.sql.iterate(
      "select principal_resource_type_id as t, principal_resource_id as r, min(id) as first from v1_grants " +
        `where ${where.sql} group by principal_resource_type_id, principal_resource_id order by first`,
      ...where.params,
    )) {
      yield { resourceType: String(row.t), resource: String(row.r) };
    }
  }

  /**
   * Finds, once, the row ids of every list of the diff between two syncs and keeps them in a temporary
   * table of this connection (temporary tables work on read-only connections too). diffPage() then reads
   * each page through it: without it, a page of a diff with few changes scans a whole table to fill
   * itself (1,000,000 grants: ~1-1.4 s per page, measured), with it a page is an index read. For tools
   * that show many pages of one diff (the explorer); preparing costs about one scan per list.
   */
  prepareDiff(baseSyncId: string, appliedSyncId: string): void {
    if (this.#preparedDiff?.base === baseSyncId && this.#preparedDiff.applied === appliedSyncId) return;
    this.#readyToReadGrants();
    const db = this.sql.db;
    this.#preparedDiff = undefined;
    db.exec("drop table if exists temp.c1z_diff");
    db.exec(
      "create temp table c1z_diff (kind text not null, change text not null, row_id integer not null, primary key (kind, change, row_id)) without rowid",
    );
    for (const kind of ["resources", "entitlements", "grants"] as const) {
      const table = TABLE_OF[kind];
      const onlyIn = db.prepare(
        `insert into temp.c1z_diff select ?, ?, a.id from ${table} a where a.sync_id = ? and not exists ` +
          `(select 1 from ${table} b where b.external_id = a.external_id and b.sync_id = ?)`,
      );
      onlyIn.run(kind, "created", appliedSyncId, baseSyncId);
      onlyIn.run(kind, "deleted", baseSyncId, appliedSyncId);
      db.prepare(
        `insert into temp.c1z_diff select ?, 'modified', a.id from ${table} a join ${table} b ` +
          "on b.external_id = a.external_id and b.sync_id = ? where a.sync_id = ? and a.data != b.data",
      ).run(kind, baseSyncId, appliedSyncId);
    }
    this.#preparedDiff = { base: baseSyncId, applied: appliedSyncId };
  }

  /**
   * One page of a diff between two syncs, in row-id order of the sync the rows come from (the applied
   * sync for created and modified, the base sync for deleted). Keyed like diff(). The page token is the
   * row id to continue from.
   */
  diffPage(
    kind: ObjectKind,
    baseSyncId: string,
    appliedSyncId: string,
    change: DiffChange,
    pageToken?: string,
    pageSize?: number,
  ): DiffPage {
    if (kind === "grants") this.#readyToReadGrants();
    const table = TABLE_OF[kind];
    const size = normalisePageSize(pageSize);
    const start = parsePageToken(pageToken);
    const prepared = this.#preparedDiff?.base === baseSyncId && this.#preparedDiff.applied === appliedSyncId;
    const rows = prepared
      ? this.sql
          .statement(
            change === "modified"
              ? `select a.id, a.data, b.data as base from temp.c1z_diff d join ${table} a on a.id = d.row_id ` +
                  `join ${table} b on b.external_id = a.external_id and b.sync_id = ? ` +
                  "where d.kind = ? and d.change = ? and d.row_id >= ? order by d.row_id limit ?"
              : `select a.id, a.data from temp.c1z_diff d join ${table} a on a.id = d.row_id ` +
                  "where ? is not null and d.kind = ? and d.change = ? and d.row_id >= ? order by d.row_id limit ?",
          )
          .all(baseSyncId, kind, change, start, size + 1)
      : change === "modified"
        ? this.sql
            .statement(
              `select a.id, a.data, b.data as base from ${table} a join ${table} b on b.external_id = a.external_id and b.sync_id = ? ` +
                "where a.sync_id = ? and a.id >= ? and a.data != b.data order by a.id limit ?",
            )
            .all(baseSyncId, appliedSyncId, start, size + 1)
        : this.sql
            .statement(
              `select a.id, a.data from ${table} a where a.sync_id = ? and a.id >= ? and not exists ` +
                `(select 1 from ${table} b where b.external_id = a.external_id and b.sync_id = ?) order by a.id limit ?`,
            )
            .all(
              change === "created" ? appliedSyncId : baseSyncId,
              start,
              change === "created" ? baseSyncId : appliedSyncId,
              size + 1,
            );
    const page: DiffPage = {
      rows: rows.slice(0, size).map((row) => ({
        data: row.data as Uint8Array,
        ...(row.base === undefined ? {} : { base: row.base as Uint8Array }),
      })),
    };
    const next = rows[size];
    if (next) page.nextPageToken = String(next.id);
    return page;
  }

  counts(syncId: string): RowCounts {
    this.#readyToReadGrants(); // duplicates not merged yet would be counted twice
    const count = (table: string) =>
      Number(this.sql.statement(`select count(*) as n from ${table} where sync_id = ?`).get(syncId)?.n ?? 0);
    return {
      resourceTypes: count(TABLES.resourceTypes),
      resources: count(TABLES.resources),
      entitlements: count(TABLES.entitlements),
      grants: count(TABLES.grants),
      assets: count(TABLES.assets),
    };
  }

  /** Resources per resource type id. */
  resourcesByType(syncId: string): Record<string, number> {
    const result: Record<string, number> = {};
    const rows = this.sql
      .statement(
        "select resource_type_id, count(*) as n from v1_resources where sync_id = ? group by resource_type_id order by resource_type_id",
      )
      .all(syncId);
    for (const row of rows) result[String(row.resource_type_id)] = Number(row.n);
    return result;
  }

  /** Dangling references, found by joins on the denormalised columns (no blob is decoded). */
  integrityReport(syncId: string, limit = 10): IntegrityReport {
    this.#readyToReadGrants();
    const ids = (sql: string) =>
      this.sql
        .statement(sql)
        .all(syncId, limit)
        .map((row) => String(row.external_id));
    return {
      grantsWithUnknownEntitlement: ids(
        "select g.external_id from v1_grants g where g.sync_id = ? and not exists " +
          "(select 1 from v1_entitlements e where e.external_id = g.entitlement_id and e.sync_id = g.sync_id) " +
          "order by g.id limit ?",
      ),
      grantsWithUnknownPrincipal: ids(
        "select g.external_id from v1_grants g where g.sync_id = ? and not exists " +
          "(select 1 from v1_resources r where r.external_id = g.principal_resource_type_id || ':' || g.principal_resource_id " +
          "and r.sync_id = g.sync_id) order by g.id limit ?",
      ),
      entitlementsWithUnknownResource: ids(
        "select e.external_id from v1_entitlements e where e.sync_id = ? and not exists " +
          "(select 1 from v1_resources r where r.external_id = e.resource_type_id || ':' || e.resource_id " +
          "and r.sync_id = e.sync_id) order by e.id limit ?",
      ),
    };
  }

  /**
   * Rows that differ between two syncs, keyed by external_id (resources by "type:id"). "Modified" here
   * means the stored bytes differ; the typed layer confirms with a message comparison.
   */
  diff(kind: ObjectKind, baseSyncId: string, appliedSyncId: string): RowDiff {
    if (kind === "grants") this.#readyToReadGrants();
    const table = TABLE_OF[kind];
    const sql = this.sql;
    const onlyIn = (present: string, absent: string) =>
      mapIterable(
        sql.iterate(
          `select a.data from ${table} a where a.sync_id = ? and not exists ` +
            `(select 1 from ${table} b where b.external_id = a.external_id and b.sync_id = ?) order by a.id`,
          present,
          absent,
        ),
        (row) => row.data as Uint8Array,
      );
    return {
      created: onlyIn(appliedSyncId, baseSyncId),
      deleted: onlyIn(baseSyncId, appliedSyncId),
      modified: mapIterable(
        sql.iterate(
          `select b.data as base, a.data as applied from ${table} a join ${table} b ` +
            "on b.external_id = a.external_id and b.sync_id = ? where a.sync_id = ? and a.data != b.data order by a.id",
          baseSyncId,
          appliedSyncId,
        ),
        (row) => ({ base: row.base as Uint8Array, applied: row.applied as Uint8Array }),
      ),
    };
  }

  /** Deletes every row of one sync run, including the run itself. */
  deleteSync(syncId: string): void {
    this.sql.batch(() => {
      for (const table of Object.values(TABLES)) {
        this.sql.statement(`delete from ${table} where sync_id = ?`).run(syncId);
      }
    });
  }
}

const asRow = <Row>(row: Row): Row => row;

function isUniqueViolation(error: unknown): boolean {
  const { errcode, message } = error as { errcode?: unknown; message?: unknown };
  // 2067 = SQLITE_CONSTRAINT_UNIQUE
  return errcode === 2067 || (typeof message === "string" && message.includes("UNIQUE constraint failed"));
}

function normalisePageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || pageSize === 0 || pageSize > MAX_PAGE_SIZE) return MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 0) {
    throw new C1zUsageError(`pageSize must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  return pageSize;
}

function parsePageToken(pageToken: string | undefined): number {
  if (pageToken === undefined || pageToken === "") return 0;
  if (!/^\d{1,15}$/.test(pageToken)) {
    throw new C1zUsageError(
      `invalid page token "${pageToken.slice(0, 40)}": pass back a nextPageToken unchanged`,
    );
  }
  return Number(pageToken);
}

function whereClause(
  kind: ObjectKind,
  syncId: string,
  filters: RowFilters,
  readerExtras: boolean,
): { sql: string; params: SQLInputValue[] } {
  const clauses = ["sync_id = ?"];
  const params: SQLInputValue[] = [syncId];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    params.push(value);
  };
  if (kind !== "resourceTypes") add("resource_type_id", filters.resourceTypeId);
  if (kind === "resources") {
    add("parent_resource_type_id", filters.parent?.resourceType);
    add("parent_resource_id", filters.parent?.resource);
    if (filters.search !== undefined && filters.search !== "" && readerExtras) {
      clauses.push(
        `id in (select resource_id from ${RESOURCE_SEARCH_TABLE} where sync_id = ? and instr(text, ?) > 0)`,
      );
      params.push(syncId, filters.search.toLowerCase());
    } else if (filters.search !== undefined && filters.search !== "") {
      const needle = filters.search.toLowerCase();
      clauses.push(`(lower(external_id) like ? escape '\\' or ${RESOURCE_MATCHES_FUNCTION}(data, ?))`);
      params.push(`%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, needle);
    }
  }
  if (kind === "entitlements" || kind === "grants") {
    add("resource_type_id", filters.resource?.resourceType);
    add("resource_id", filters.resource?.resource);
  }
  if (kind === "grants") {
    add("entitlement_id", filters.entitlementId);
    add("principal_resource_type_id", filters.principal?.resourceType);
    add("principal_resource_id", filters.principal?.resource);
  }
  return { sql: clauses.join(" and "), params };
}

function* mapIterable<T, U>(source: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of source) yield map(item);
}
