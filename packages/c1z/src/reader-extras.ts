import type { DatabaseSync } from "node:sqlite";
import { resourceDisplayName } from "./resource-search.js";

/**
 * Tables that only cached expansions of a file hold (see expanded-cache.ts), built once when the entry
 * is made, so that the reads a browsing tool repeats stay fast on big files:
 * - `c1z_resource_search`: each resource's lower-cased display name and "type:id" key, so a search
 *   scans short strings instead of decoding every resource (100,000 resources: ~30 ms instead of ~400);
 * - `c1z_entitlement_grants`: grants per entitlement per sync, so "the entitlements with the most
 *   holders" is an index read instead of a GROUP BY over every grant.
 * They never reach a c1z: work databases do not get them and exports copy Baton's tables only.
 */
export const RESOURCE_SEARCH_TABLE = "c1z_resource_search";
export const ENTITLEMENT_GRANTS_TABLE = "c1z_entitlement_grants";

/** The text a resource is searched by (lower-cased display name and key). */
export function searchTextOf(displayName: string | undefined, externalId: string): string {
  return `${(displayName ?? "").toLowerCase()}\n${externalId.toLowerCase()}`;
}

export function buildReaderExtras(db: DatabaseSync): void {
  db.exec("begin");
  try {
    db.exec(
      `create table ${RESOURCE_SEARCH_TABLE} (resource_id integer primary key, sync_id text not null, text text not null)`,
    );
    const insert = db.prepare(
      `insert into ${RESOURCE_SEARCH_TABLE} (resource_id, sync_id, text) values (?, ?, ?)`,
    );
    for (const row of db.prepare("select id, sync_id, external_id, data from v1_resources").iterate()) {
      const data = row.data as Uint8Array;
      insert.run(
        row.id as number,
        String(row.sync_id),
        searchTextOf(resourceDisplayName(data), String(row.external_id)),
      );
    }
    db.exec(
      `create table ${ENTITLEMENT_GRANTS_TABLE} (sync_id text not null, entitlement_id text not null, grants integer not null, primary key (sync_id, entitlement_id)) without rowid`,
    );
    db.exec(
      `insert into ${ENTITLEMENT_GRANTS_TABLE} select sync_id, entitlement_id, count(*) from v1_grants group by sync_id, entitlement_id`,
    );
    db.exec(
      `create index ${ENTITLEMENT_GRANTS_TABLE}_rank on ${ENTITLEMENT_GRANTS_TABLE} (sync_id, grants desc)`,
    );
    db.exec("commit");
  } catch (error) {
    db.exec("rollback");
    throw error;
  }
}

export function hasReaderExtras(db: DatabaseSync): boolean {
  return (
    db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name in (?, ?)")
      .get(RESOURCE_SEARCH_TABLE, ENTITLEMENT_GRANTS_TABLE)?.n === 2
  );
}
