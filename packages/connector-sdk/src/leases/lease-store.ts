import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import {
  type Entitlement,
  EntitlementSchema,
  fromBinary,
  type Resource,
  ResourceSchema,
  toBinary,
} from "@baton-ts/protocol";
import { ConfigError } from "../errors.js";
import { grantIdOf, type Lease, type LeaseClosure, type LeaseState } from "./lease.js";

const SCHEMA_VERSION = 1;

const SCHEMA = `
create table if not exists lease_store_meta (key text primary key, value text not null);
create table if not exists leases (
  id integer primary key autoincrement,
  grant_id text not null,
  entitlement_id text not null,
  principal_type text not null,
  principal_id text not null,
  entitlement blob not null,
  principal blob not null,
  granted_at integer not null,
  expires_at integer not null,
  reason text,
  state text not null check (state in ('granting', 'active', 'closed')),
  closed_at integer,
  closed_as text
);
create unique index if not exists leases_one_open on leases (grant_id) where state != 'closed';
create index if not exists leases_due on leases (expires_at) where state != 'closed';
`;

interface LeaseRow {
  id: number;
  grant_id: string;
  entitlement_id: string;
  principal_type: string;
  principal_id: string;
  entitlement: Uint8Array;
  principal: Uint8Array;
  granted_at: number;
  expires_at: number;
  reason: string | null;
  state: LeaseState;
  closed_at: number | null;
  closed_as: LeaseClosure | null;
}

const toLease = (row: LeaseRow): Lease => ({
  id: row.id,
  grantId: row.grant_id,
  entitlementId: row.entitlement_id,
  principalType: row.principal_type,
  principalId: row.principal_id,
  entitlement: fromBinary(EntitlementSchema, row.entitlement),
  principal: fromBinary(ResourceSchema, row.principal),
  grantedAt: row.granted_at,
  expiresAt: row.expires_at,
  reason: row.reason ?? undefined,
  state: row.state,
  closedAt: row.closed_at ?? undefined,
  closedAs: row.closed_as ?? undefined,
});

/** What `begin` found: a lease opened for this grant now, or the open lease that already covers it. */
export type BeginResult =
  | { readonly kind: "new"; readonly lease: Lease }
  | { readonly kind: "open"; readonly lease: Lease };

export interface BeginLease {
  readonly entitlement: Entitlement;
  readonly principal: Resource;
  readonly now: number;
  readonly expiresAt: number;
  readonly reason?: string | undefined;
}

/**
 * The durable record of time-bound grants: a SQLite file of its own (node:sqlite), in WAL mode with
 * `synchronous = full`, every change one transaction. A process killed at any point (kill -9) leaves
 * either the state before a change or the state after it, never half of one; the next process opens
 * the file as it is. Several processes may share it (a CronJob and a service): writers wait for each
 * other (busy timeout) instead of failing.
 */
export class LeaseStore {
  readonly #db: DatabaseSync;

  private constructor(
    db: DatabaseSync,
    readonly path: string,
  ) {
    this.#db = db;
  }

  /** Opens (creating it and its directory if needed) the lease store at `path`. */
  static open(path: string): LeaseStore {
    let db: DatabaseSync;
    try {
      mkdirSync(dirname(path), { recursive: true });
      db = new DatabaseSync(path, { timeout: 10_000 });
      db.exec("pragma journal_mode = wal");
      db.exec("pragma synchronous = full");
      db.exec(SCHEMA);
    } catch (error) {
      throw new ConfigError(
        `the lease store ${JSON.stringify(path)} cannot be opened (${(error as Error).message}): point --lease-store / BATON_LEASE_STORE at a writable file (a persistent volume in a container)`,
        { cause: error },
      );
    }
    const store = new LeaseStore(db, path);
    store.#checkVersion();
    return store;
  }

  #checkVersion(): void {
    const row = this.#db.prepare("select value from lease_store_meta where key = 'version'").get() as
      | { value: string }
      | undefined;
    if (row === undefined) {
      this.#db
        .prepare("insert into lease_store_meta (key, value) values ('version', ?)")
        .run(String(SCHEMA_VERSION));
    } else if (Number(row.value) > SCHEMA_VERSION) {
      this.close();
      throw new ConfigError(
        `the lease store ${JSON.stringify(this.path)} was written by a newer version (schema ${row.value}); upgrade this program`,
      );
    }
  }

  /** Runs `work` as one transaction (taking the write lock at once, so two writers never interleave). */
  #transaction<T>(work: () => T): T {
    this.#db.exec("begin immediate");
    try {
      const result = work();
      this.#db.exec("commit");
      return result;
    } catch (error) {
      this.#db.exec("rollback");
      throw error;
    }
  }

  #get(sql: string, ...params: SQLInputValue[]): Lease | undefined {
    const row = this.#db.prepare(sql).get(...params) as LeaseRow | undefined;
    return row === undefined ? undefined : toLease(row);
  }

  #all(sql: string, ...params: SQLInputValue[]): Lease[] {
    return (this.#db.prepare(sql).all(...params) as unknown as LeaseRow[]).map(toLease);
  }

  /**
   * Before a grant is asked for: returns the open lease that already covers the grant, or writes a new
   * one in state `granting` (durable before the connector is called, so access granted by a process
   * that dies right after is still ended when due).
   */
  begin(input: BeginLease): BeginResult {
    const entitlementId = input.entitlement.id;
    const principalType = input.principal.id?.resourceType ?? "";
    const principalId = input.principal.id?.resource ?? "";
    const grantId = grantIdOf(entitlementId, principalType, principalId);
    return this.#transaction(() => {
      const open = this.openLeaseFor(grantId);
      if (open !== undefined) return { kind: "open", lease: open };
      const { lastInsertRowid } = this.#db
        .prepare(
          `insert into leases (grant_id, entitlement_id, principal_type, principal_id, entitlement, principal,
             granted_at, expires_at, reason, state)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'granting')`,
        )
        .run(
          grantId,
          entitlementId,
          principalType,
          principalId,
          toBinary(EntitlementSchema, input.entitlement),
          toBinary(ResourceSchema, input.principal),
          input.now,
          input.expiresAt,
          input.reason ?? null,
        );
      return { kind: "new", lease: this.get(Number(lastInsertRowid)) as Lease };
    });
  }

  /** The connector confirmed the grant (or the access was already there under this lease). */
  activate(id: number): Lease {
    this.#db.prepare("update leases set state = 'active' where id = ? and state = 'granting'").run(id);
    return this.get(id) as Lease;
  }

  /**
   * Granting again what an open lease covers: the lease ends at the later of its end and
   * `expiresAt`, and is active (the connector just confirmed the access). A reason given now replaces
   * the old one.
   */
  extend(id: number, expiresAt: number, reason: string | undefined): Lease {
    this.#db
      .prepare(
        `update leases set expires_at = max(expires_at, ?), state = 'active', reason = coalesce(?, reason)
         where id = ? and state != 'closed'`,
      )
      .run(expiresAt, reason ?? null, id);
    return this.get(id) as Lease;
  }

  /**
   * Closes an open lease. With `ifExpiresAt`, only while its end is still that one (an expiry does not
   * close a lease that a new grant extended while the revoke ran). Returns whether it closed.
   */
  closeLease(id: number, as: LeaseClosure, now: number, ifExpiresAt?: number): boolean {
    const result =
      ifExpiresAt === undefined
        ? this.#db
            .prepare(
              "update leases set state = 'closed', closed_at = ?, closed_as = ? where id = ? and state != 'closed'",
            )
            .run(now, as, id)
        : this.#db
            .prepare(
              "update leases set state = 'closed', closed_at = ?, closed_as = ? where id = ? and state != 'closed' and expires_at = ?",
            )
            .run(now, as, id, ifExpiresAt);
    return Number(result.changes) === 1;
  }

  /** Closes the database (the store cannot be used after). */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  get(id: number): Lease | undefined {
    return this.#get("select * from leases where id = ?", id);
  }

  /** The open (granting or active) lease of a grant, if any. */
  openLeaseFor(grantId: string): Lease | undefined {
    return this.#get("select * from leases where grant_id = ? and state != 'closed'", grantId);
  }

  /** Open leases, soonest end first. */
  open(): Lease[] {
    return this.#all("select * from leases where state != 'closed' order by expires_at, id");
  }

  /** Open leases whose end is at or before `now`, soonest first. */
  due(now: number): Lease[] {
    return this.#all(
      "select * from leases where state != 'closed' and expires_at <= ? order by expires_at, id",
      now,
    );
  }

  /** Every lease, open and closed, oldest first. */
  all(): Lease[] {
    return this.#all("select * from leases order by id");
  }
}
