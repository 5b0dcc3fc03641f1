import { C1zUsageError } from "./errors.js";
import type { Sql } from "./sql.js";

/**
 * The table of per-sync session values. It is not part of the c1z format: it lives only in the work
 * DB while a sync runs, and is dropped before a save compresses the file.
 */
export const SESSION_TABLE = "sdk_sync_sessions";

const CREATE = `create table if not exists ${SESSION_TABLE} (
  sync_id text not null,
  key text not null,
  value text not null,
  primary key (sync_id, key)
) without rowid`;

// A key starts with `prefix` exactly when prefix <= key < prefix || x'ff': valid UTF-8 never holds the
// byte 0xff, and text compares bytewise. One index range, whatever characters the prefix has.
const PREFIX_RANGE = "key >= ?2 and key < (?2 || x'ff')";

/**
 * Key-value rows of a sync's session (a connector's state that must survive a resume: caches filled
 * by one listing and read by a later one). Values are opaque text (the sdk stores JSON). Writes join
 * the caller's transaction, so a page's session writes commit with the page and its checkpoint.
 *
 * `secure_delete` is switched on while the table exists: a deleted or overwritten value is zeroed in
 * the database file, so nothing of a session survives into the saved c1z, not even in free pages.
 */
export class SessionRows {
  private ready = false;

  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /**
   * Creates the table if needed and turns on secure_delete for this connection. Called once per open,
   * outside a transaction (a rolled-back transaction would take a table created in it along).
   */
  open(): void {
    if (this.ready) return;
    if (this.sql.db.isTransaction) {
      throw new C1zUsageError("open the session rows before a transaction, not inside one");
    }
    this.sql.db.exec("pragma secure_delete = on");
    this.sql.db.exec(CREATE);
    this.ready = true;
  }

  get(syncId: string, key: string): string | undefined {
    this.open();
    const row = this.sql
      .statement(`select value from ${SESSION_TABLE} where sync_id = ? and key = ?`)
      .get(syncId, key);
    return row === undefined ? undefined : String(row.value);
  }

  put(syncId: string, entries: Iterable<readonly [key: string, value: string]>): void {
    this.open();
    const upsert = this.sql.statement(
      `insert into ${SESSION_TABLE} (sync_id, key, value) values (?, ?, ?) ` +
        "on conflict (sync_id, key) do update set value = excluded.value",
    );
    this.sql.batch(() => {
      for (const [key, value] of entries) upsert.run(syncId, key, value);
    });
  }

  delete(syncId: string, keys: Iterable<string>): void {
    this.open();
    const remove = this.sql.statement(`delete from ${SESSION_TABLE} where sync_id = ? and key = ?`);
    this.sql.batch(() => {
      for (const key of keys) remove.run(syncId, key);
    });
  }

  /** Deletes every key that starts with `prefix` ("" deletes the whole session of the sync). */
  deletePrefix(syncId: string, prefix: string): void {
    this.open();
    this.sql
      .statement(`delete from ${SESSION_TABLE} where sync_id = ?1 and ${PREFIX_RANGE}`)
      .run(syncId, prefix);
  }

  /** Forgets a finished sync's session (nothing to do when this open never used sessions). */
  clearSync(syncId: string): void {
    if (this.ready) this.deletePrefix(syncId, "");
  }

  /** How many values a sync's session holds (tests, progress). */
  count(syncId: string): number {
    this.open();
    const row = this.sql
      .statement(`select count(*) as n from ${SESSION_TABLE} where sync_id = ?`)
      .get(syncId);
    return Number(row?.n ?? 0);
  }

  /** Drops the table (values zeroed on the way out): a saved c1z never holds a session. */
  drop(): void {
    this.sql.db.exec("pragma secure_delete = on");
    this.sql.db.exec(`drop table if exists ${SESSION_TABLE}`);
    this.ready = false;
  }
}
