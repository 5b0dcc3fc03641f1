import {
  type DescMessage,
  type Entitlement,
  EntitlementSchema,
  equals,
  fromBinary,
  type Grant,
  GrantSchema,
  type MessageShape,
  type Resource,
  ResourceSchema,
  type ResourceType,
  ResourceTypeSchema,
} from "@baton-ts/protocol";
import { C1zDatabase, type C1zOpenOptions, type SaveOptions } from "./c1z-database.js";
import { RowMaker, resourceTypeRow } from "./denormalise.js";
import { C1zFormatError } from "./errors.js";
import type { RowStore } from "./row-store.js";
import {
  type DiffChange,
  type EntitlementGrantCount,
  type IntegrityReport,
  type ObjectKind,
  type ResourceKey,
  type RowCounts,
  type RowFilters,
  resourceExternalId,
} from "./rows.js";
import type { StartedSync, SyncRun } from "./sync-runs.js";

export interface PageOf<T> {
  items: T[];
  nextPageToken?: string;
}

export interface PageQuery {
  /** Defaults to the reader's sync (see C1zFile.readerSyncId). */
  syncId?: string | undefined;
  /** A nextPageToken from the previous page (Baton's: the row id to continue from). */
  pageToken?: string | undefined;
  /** Default and maximum 10000. */
  pageSize?: number | undefined;
}

export interface ResourceQuery extends PageQuery {
  resourceTypeId?: string | undefined;
  parent?: ResourceKey | undefined;
  /** A case-insensitive substring of the resource's "type:id" or of its display name. */
  search?: string | undefined;
}

export interface EntitlementQuery extends PageQuery {
  resourceTypeId?: string | undefined;
  resource?: ResourceKey | undefined;
}

export interface GrantQuery extends PageQuery {
  entitlementId?: string | undefined;
  resource?: ResourceKey | undefined;
  resourceTypeId?: string | undefined;
  principal?: ResourceKey | undefined;
}

export interface C1zStats {
  resourceTypes: number;
  /** Resources per resource type id. */
  resources: Record<string, number>;
  entitlements: number;
  grants: number;
}

export interface DiffOf<T> {
  created: T[];
  deleted: T[];
  /** The applied sync's version of objects whose content changed. */
  modified: T[];
}

/** A diff read lazily: each list is decoded while it is iterated (memory does not grow with the diff). */
export interface LazyDiffOf<T> {
  created: Iterable<T>;
  deleted: Iterable<T>;
  modified: Iterable<T>;
}

export interface LazyC1zDiff {
  resources: LazyDiffOf<Resource>;
  entitlements: LazyDiffOf<Entitlement>;
  grants: LazyDiffOf<Grant>;
}

/** Messages of the four object tables, by kind. */
export interface MessageOfKind {
  resourceTypes: ResourceType;
  resources: Resource;
  entitlements: Entitlement;
  grants: Grant;
}

/** Baton's C1ZDiffOutput: resources keyed by "type:id", entitlements and grants by id. */
export interface C1zDiff {
  resources: DiffOf<Resource>;
  entitlements: DiffOf<Entitlement>;
  grants: DiffOf<Grant>;
}

/**
 * A c1z v1 file: Baton's sync output, read and written with typed protobuf messages.
 * See README.md for the persistence model (work DB next to the file, resume after a crash, atomic save).
 */
export class C1zFile {
  /** The row-level store underneath, for tools that work with encoded rows. */
  readonly database: C1zDatabase;
  readonly #rows: RowStore;
  readonly #rowMaker = new RowMaker();

  private constructor(database: C1zDatabase) {
    this.database = database;
    this.#rows = database.rows;
  }

  static async open(path: string, options?: C1zOpenOptions): Promise<C1zFile> {
    return new C1zFile(await C1zDatabase.open(path, options));
  }

  get path(): string {
    return this.database.path;
  }

  /** Things the open had to do that the caller should log, e.g. a stale work DB discarded. */
  get warnings(): readonly string[] {
    return this.database.warnings;
  }

  get readOnly(): boolean {
    return this.database.readOnly;
  }

  // ---- sync runs ----------------------------------------------------------------------------------------

  startOrResumeSync(): StartedSync {
    return this.database.startOrResumeSync();
  }

  checkpoint(syncId: string, token: string): void {
    this.database.checkpoint(syncId, token);
  }

  endSync(syncId: string): void {
    this.database.endSync(syncId);
  }

  listSyncs(): SyncRun[] {
    return this.database.listSyncs();
  }

  latestFinishedSync(): SyncRun | undefined {
    return this.database.latestFinishedSync();
  }

  /** The sync reads use when none is given: the running sync, else latest finished, else latest unfinished. */
  readerSyncId(syncId?: string): string | undefined {
    return this.database.readerSyncId(syncId);
  }

  cleanup(options?: { keep?: number }): void {
    this.database.cleanup(options);
  }

  // ---- writes (upserts) ----------------------------------------------------------------------------------

  /** Runs `fn` (synchronous) in one transaction: a page of puts plus its checkpoint commit together. */
  transaction<T>(fn: () => T): T {
    return this.database.transaction(fn);
  }

  putResourceTypes(syncId: string, items: readonly ResourceType[]): void {
    this.database.assertWritableSync(syncId);
    this.#rows.putResourceTypeRows(syncId, items.map(resourceTypeRow));
  }

  // Rows are made (checked and encoded) one at a time while they are written, so an invalid item can
  // come after valid ones: the savepoint of transaction() makes such a call write nothing at all.

  putResources(syncId: string, items: readonly Resource[]): void {
    this.database.assertWritableSync(syncId);
    this.transaction(() => this.#rows.putResourcesWith(syncId, items, this.#rowMaker.resourceRow));
  }

  putEntitlements(syncId: string, items: readonly Entitlement[]): void {
    this.database.assertWritableSync(syncId);
    this.transaction(() => this.#rows.putEntitlementsWith(syncId, items, this.#rowMaker.entitlementRow));
  }

  putGrants(syncId: string, items: readonly Grant[]): void {
    this.database.assertWritableSync(syncId);
    this.transaction(() => this.#rows.putGrantsWith(syncId, items, this.#rowMaker.grantRow));
  }

  // ---- point reads --------------------------------------------------------------------------------------

  getResourceType(id: string, syncId?: string): ResourceType | undefined {
    return this.#get("resourceTypes", ResourceTypeSchema, id, syncId);
  }

  getResource(id: ResourceKey, syncId?: string): Resource | undefined {
    return this.#get("resources", ResourceSchema, resourceExternalId(id), syncId);
  }

  getEntitlement(id: string, syncId?: string): Entitlement | undefined {
    return this.#get("entitlements", EntitlementSchema, id, syncId);
  }

  getGrant(id: string, syncId?: string): Grant | undefined {
    return this.#get("grants", GrantSchema, id, syncId);
  }

  hasResource(id: ResourceKey, syncId: string): boolean {
    this.database.readerSyncId(syncId);
    return this.#rows.has("resources", resourceExternalId(id), syncId);
  }

  // ---- paged reads --------------------------------------------------------------------------------------

  listResourceTypes(query: PageQuery = {}): PageOf<ResourceType> {
    return this.#list("resourceTypes", ResourceTypeSchema, query, {});
  }

  listResources(query: ResourceQuery = {}): PageOf<Resource> {
    return this.#list("resources", ResourceSchema, query, {
      resourceTypeId: query.resourceTypeId,
      parent: query.parent,
      search: query.search,
    });
  }

  listEntitlements(query: EntitlementQuery = {}): PageOf<Entitlement> {
    return this.#list("entitlements", EntitlementSchema, query, {
      resourceTypeId: query.resourceTypeId,
      resource: query.resource,
    });
  }

  listGrants(query: GrantQuery = {}): PageOf<Grant> {
    return this.#list("grants", GrantSchema, query, grantFilters(query));
  }

  // ---- streamed reads (memory does not grow with the result) ------------------------------------------

  iterateResourceTypes(query: Omit<PageQuery, "pageToken" | "pageSize"> = {}): Iterable<ResourceType> {
    return this.#iterate("resourceTypes", ResourceTypeSchema, query.syncId, {});
  }

  iterateResources(query: Omit<ResourceQuery, "pageToken" | "pageSize"> = {}): Iterable<Resource> {
    return this.#iterate("resources", ResourceSchema, query.syncId, {
      resourceTypeId: query.resourceTypeId,
      parent: query.parent,
      search: query.search,
    });
  }

  iterateEntitlements(query: Omit<EntitlementQuery, "pageToken" | "pageSize"> = {}): Iterable<Entitlement> {
    return this.#iterate("entitlements", EntitlementSchema, query.syncId, {
      resourceTypeId: query.resourceTypeId,
      resource: query.resource,
    });
  }

  iterateGrants(query: Omit<GrantQuery, "pageToken" | "pageSize"> = {}): Iterable<Grant> {
    return this.#iterate("grants", GrantSchema, query.syncId, grantFilters(query));
  }

  /**
   * The distinct principals of the matching grants (what `baton principals` lists), in the order of
   * their first grant; no grant is decoded.
   */
  iterateGrantPrincipals(query: Omit<GrantQuery, "pageToken" | "pageSize"> = {}): Iterable<ResourceKey> {
    const sync = this.database.readerSyncId(query.syncId);
    if (sync === undefined) return [];
    return this.#rows.iterateGrantPrincipals(sync, grantFilters(query));
  }

  // ---- summaries ----------------------------------------------------------------------------------------

  countResources(query: Omit<ResourceQuery, "pageToken" | "pageSize"> = {}): number {
    return this.#count("resources", query.syncId, {
      resourceTypeId: query.resourceTypeId,
      parent: query.parent,
      search: query.search,
    });
  }

  countEntitlements(query: Omit<EntitlementQuery, "pageToken" | "pageSize"> = {}): number {
    return this.#count("entitlements", query.syncId, {
      resourceTypeId: query.resourceTypeId,
      resource: query.resource,
    });
  }

  countGrants(query: Omit<GrantQuery, "pageToken" | "pageSize"> = {}): number {
    return this.#count("grants", query.syncId, grantFilters(query));
  }

  /** The `limit` entitlements with the most grants (holders), most first. */
  entitlementsByGrantCount(limit = 10, syncId?: string): EntitlementGrantCount[] {
    const sync = this.database.readerSyncId(syncId);
    return sync === undefined ? [] : this.#rows.entitlementsByGrantCount(sync, limit);
  }

  /** What `baton stats` prints: counts per table, resources per resource type. */
  stats(syncId?: string): C1zStats {
    const sync = this.database.readerSyncId(syncId);
    if (sync === undefined) return { resourceTypes: 0, resources: {}, entitlements: 0, grants: 0 };
    const counts = this.#rows.counts(sync);
    return {
      resourceTypes: counts.resourceTypes,
      resources: this.#rows.resourcesByType(sync),
      entitlements: counts.entitlements,
      grants: counts.grants,
    };
  }

  /** Row counts of one sync (cheap; for progress logs). */
  counts(syncId: string): RowCounts {
    this.database.readerSyncId(syncId);
    return this.#rows.counts(syncId);
  }

  /** Dangling references in one sync (first `limit` ids of each kind), found with SQL joins. */
  integrityReport(syncId: string, limit = 10): IntegrityReport {
    this.database.readerSyncId(syncId);
    return this.#rows.integrityReport(syncId, limit);
  }

  /** What changed from `baseSyncId` to `appliedSyncId`, as `baton diff` reports it. */
  diff(baseSyncId: string, appliedSyncId: string): C1zDiff {
    const lazy = this.iterateDiff(baseSyncId, appliedSyncId);
    const all = <T>(diff: LazyDiffOf<T>): DiffOf<T> => ({
      created: [...diff.created],
      deleted: [...diff.deleted],
      modified: [...diff.modified],
    });
    return { resources: all(lazy.resources), entitlements: all(lazy.entitlements), grants: all(lazy.grants) };
  }

  /** diff(), streamed: each list is read from SQLite and decoded while it is iterated. */
  iterateDiff(baseSyncId: string, appliedSyncId: string): LazyC1zDiff {
    this.database.syncRuns.require(baseSyncId);
    this.database.syncRuns.require(appliedSyncId);
    return {
      resources: this.#diff("resources", ResourceSchema, baseSyncId, appliedSyncId),
      entitlements: this.#diff("entitlements", EntitlementSchema, baseSyncId, appliedSyncId),
      grants: this.#diff("grants", GrantSchema, baseSyncId, appliedSyncId),
    };
  }

  /**
   * Prepares listDiff() pages of the diff between two syncs: the differing rows are found once (about one
   * scan per list) and each page becomes an index read (see RowStore.prepareDiff). For tools that page
   * through one diff many times.
   */
  prepareDiff(baseSyncId: string, appliedSyncId: string): void {
    this.database.syncRuns.require(baseSyncId);
    this.database.syncRuns.require(appliedSyncId);
    this.#rows.prepareDiff(baseSyncId, appliedSyncId);
  }

  /**
   * One page of one list of a diff (what a page of a "what changed" view shows). A "modified" page may
   * hold fewer items than the page size: rows whose bytes differ but whose messages are equal are left out.
   */
  listDiff<Kind extends "resources" | "entitlements" | "grants">(
    kind: Kind,
    change: DiffChange,
    baseSyncId: string,
    appliedSyncId: string,
    page: { pageToken?: string | undefined; pageSize?: number | undefined } = {},
  ): PageOf<MessageOfKind[Kind]> {
    this.database.syncRuns.require(baseSyncId);
    this.database.syncRuns.require(appliedSyncId);
    const schema = SCHEMA_OF[kind] as DescMessage;
    const rows = this.#rows.diffPage(kind, baseSyncId, appliedSyncId, change, page.pageToken, page.pageSize);
    const items: MessageOfKind[Kind][] = [];
    for (const row of rows.rows) {
      const after = this.#decode(schema, row.data, kind) as MessageOfKind[Kind];
      if (row.base !== undefined && equals(schema, this.#decode(schema, row.base, kind), after as never))
        continue;
      items.push(after);
    }
    return rows.nextPageToken === undefined ? { items } : { items, nextPageToken: rows.nextPageToken };
  }

  /**
   * Writes a new c1z at `target` holding only one sync of this file (Baton's CloneSync, what `baton
   * export c1z` does): its sync run and its rows, with Baton's columns. `target` is replaced atomically
   * if it exists; it must not be this file.
   */
  async exportSync(syncId: string, target: string): Promise<void> {
    await this.database.exportSync(syncId, target);
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------

  /**
   * Compresses and atomically replaces the file at `path`, then deletes the work DB. The instance is
   * closed afterwards (open the file again to read or write more).
   */
  save(options?: SaveOptions): Promise<void> {
    return this.database.save(options);
  }

  /** Releases the file without saving (a writable open keeps its work DB, so the next open resumes). */
  close(): void {
    this.database.close();
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  #get<Desc extends DescMessage>(
    kind: ObjectKind,
    schema: Desc,
    externalId: string,
    syncId: string | undefined,
  ): MessageShape<Desc> | undefined {
    const sync = this.database.readerSyncId(syncId);
    if (sync === undefined) return undefined;
    const data = this.#rows.getData(kind, externalId, sync);
    return data === undefined ? undefined : this.#decode(schema, data, kind);
  }

  #list<Desc extends DescMessage>(
    kind: ObjectKind,
    schema: Desc,
    query: PageQuery,
    filters: RowFilters,
  ): PageOf<MessageShape<Desc>> {
    const sync = this.database.readerSyncId(query.syncId);
    if (sync === undefined) return { items: [] };
    const page = this.#rows.list(kind, sync, filters, query.pageToken, query.pageSize);
    const result: PageOf<MessageShape<Desc>> = {
      items: page.rows.map((data) => this.#decode(schema, data, kind)),
    };
    if (page.nextPageToken !== undefined) result.nextPageToken = page.nextPageToken;
    return result;
  }

  *#iterate<Desc extends DescMessage>(
    kind: ObjectKind,
    schema: Desc,
    syncId: string | undefined,
    filters: RowFilters,
  ): Generator<MessageShape<Desc>> {
    const sync = this.database.readerSyncId(syncId);
    if (sync === undefined) return;
    for (const data of this.#rows.iterate(kind, sync, filters)) yield this.#decode(schema, data, kind);
  }

  #diff<Desc extends DescMessage>(
    kind: ObjectKind,
    schema: Desc,
    base: string,
    applied: string,
  ): LazyDiffOf<MessageShape<Desc>> {
    const rows = this.#rows;
    const decode = (data: Uint8Array) => this.#decode(schema, data, kind);
    // Each iteration runs its query again, so the lists can be iterated more than once.
    return {
      created: iterableOf(function* () {
        for (const data of rows.diff(kind, base, applied).created) yield decode(data);
      }),
      deleted: iterableOf(function* () {
        for (const data of rows.diff(kind, base, applied).deleted) yield decode(data);
      }),
      modified: iterableOf(function* () {
        for (const pair of rows.diff(kind, base, applied).modified) {
          const after = decode(pair.applied);
          // Different bytes can encode equal messages (field order, unknown fields): compare content.
          if (!equals(schema, decode(pair.base), after)) yield after;
        }
      }),
    };
  }

  #count(kind: ObjectKind, syncId: string | undefined, filters: RowFilters): number {
    const sync = this.database.readerSyncId(syncId);
    return sync === undefined ? 0 : this.#rows.count(kind, sync, filters);
  }

  #decode<Desc extends DescMessage>(schema: Desc, data: Uint8Array, kind: ObjectKind): MessageShape<Desc> {
    try {
      return fromBinary(schema, data);
    } catch (error) {
      throw new C1zFormatError(this.path, `a ${kind} row holds bytes that are not a ${schema.typeName}`, {
        cause: error,
      });
    }
  }
}

const SCHEMA_OF: Record<ObjectKind, DescMessage> = {
  resourceTypes: ResourceTypeSchema,
  resources: ResourceSchema,
  entitlements: EntitlementSchema,
  grants: GrantSchema,
};

/** An iterable whose every iteration is a fresh run of `generate`. */
function iterableOf<T>(generate: () => Generator<T>): Iterable<T> {
  return { [Symbol.iterator]: generate };
}

function grantFilters(query: Omit<GrantQuery, "pageToken" | "pageSize">): RowFilters {
  return {
    entitlementId: query.entitlementId,
    resource: query.resource,
    resourceTypeId: query.resourceTypeId,
    principal: query.principal,
  };
}
