import { C1zUsageError } from "./errors.js";
import { newKsuid } from "./ksuid.js";
import type { Sql } from "./sql.js";
import { formatTimestamp, parseTimestamp } from "./timestamp.js";

/** One row of v1_sync_runs. */
export interface SyncRun {
  id: string;
  startedAt: Date;
  endedAt?: Date;
  /** The syncer's checkpoint (opaque to the store; Baton's is JSON). */
  token: string;
  /**
   * Newer SDKs' `sync_type` column (full, partial, resources_only, ...). Files without the column hold
   * full syncs only, and newer SDKs add it with the default "full", so that is what they read as.
   */
  type: string;
  /** Newer SDKs' `parent_sync_id` (partial syncs), when set. */
  parentSyncId?: string;
}

export interface StartedSync {
  syncId: string;
  token: string;
  resumed: boolean;
}

interface SyncRunRow {
  sync_id: string;
  started_at: string;
  ended_at: string | null;
  sync_token: string;
  sync_type?: string | null;
  parent_sync_id?: string | null;
}

const BASE_COLUMNS = "sync_id, started_at, ended_at, sync_token";

/** Sync runs as Baton keeps them (v1_sync_runs): start or resume, checkpoint, end, and the reader's choice. */
export class SyncRuns {
  private readonly sql: Sql;
  #columns: string | undefined;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /** The columns read: Baton's four, plus sync_type and parent_sync_id where a newer SDK added them. */
  get #selected(): string {
    if (this.#columns === undefined) {
      const present = new Set(
        this.sql
          .statement("select name from pragma_table_info('v1_sync_runs')")
          .all()
          .map((row) => String(row.name)),
      );
      this.#columns = [BASE_COLUMNS, ...["sync_type", "parent_sync_id"].filter((c) => present.has(c))].join(
        ", ",
      );
    }
    return this.#columns;
  }

  /** Resumes the newest unfinished sync (its id and token) or starts a new one with an empty token. */
  startOrResume(now: Date = new Date()): StartedSync {
    const unfinished = this.latestUnfinished();
    if (unfinished) return { syncId: unfinished.id, token: unfinished.token, resumed: true };
    const syncId = newKsuid(now);
    this.sql
      .statement(
        "insert into v1_sync_runs (sync_id, started_at, ended_at, sync_token) values (?, ?, null, '')",
      )
      .run(syncId, formatTimestamp(now));
    return { syncId, token: "", resumed: false };
  }

  checkpoint(syncId: string, token: string): void {
    const { changes } = this.sql
      .statement("update v1_sync_runs set sync_token = ? where sync_id = ? and ended_at is null")
      .run(token, syncId);
    if (Number(changes) === 0) this.#failUnknownOrFinished(syncId, "checkpoint");
  }

  /** Marks the sync finished; ending an already finished sync changes nothing. */
  end(syncId: string, now: Date = new Date()): void {
    this.require(syncId);
    this.sql
      .statement("update v1_sync_runs set ended_at = ? where sync_id = ? and ended_at is null")
      .run(formatTimestamp(now), syncId);
  }

  get(syncId: string): SyncRun | undefined {
    const row = this.sql
      .statement(`select ${this.#selected} from v1_sync_runs where sync_id = ?`)
      .get(syncId);
    return row ? toSyncRun(row as unknown as SyncRunRow) : undefined;
  }

  require(syncId: string): SyncRun {
    const run = this.get(syncId);
    if (!run) throw new C1zUsageError(`no sync run with id "${syncId}" in this c1z`);
    return run;
  }

  /** All sync runs, oldest first. */
  list(): SyncRun[] {
    return this.sql
      .statement(`select ${this.#selected} from v1_sync_runs order by started_at, id`)
      .all()
      .map((row) => toSyncRun(row as unknown as SyncRunRow));
  }

  latestFinished(): SyncRun | undefined {
    const row = this.sql
      .statement(
        `select ${this.#selected} from v1_sync_runs where ended_at is not null order by ended_at desc, id desc limit 1`,
      )
      .get();
    return row ? toSyncRun(row as unknown as SyncRunRow) : undefined;
  }

  latestUnfinished(): SyncRun | undefined {
    const row = this.sql
      .statement(
        `select ${this.#selected} from v1_sync_runs where ended_at is null order by started_at desc, id desc limit 1`,
      )
      .get();
    return row ? toSyncRun(row as unknown as SyncRunRow) : undefined;
  }

  /** Finished syncs from newest to oldest. */
  finishedNewestFirst(): SyncRun[] {
    return this.sql
      .statement(
        `select ${this.#selected} from v1_sync_runs where ended_at is not null order by ended_at desc, id desc`,
      )
      .all()
      .map((row) => toSyncRun(row as unknown as SyncRunRow));
  }

  #failUnknownOrFinished(syncId: string, action: string): never {
    const run = this.require(syncId);
    throw new C1zUsageError(
      `cannot ${action} sync "${run.id}": it finished at ${run.endedAt?.toISOString()}; start a new sync`,
    );
  }
}

function toSyncRun(row: SyncRunRow): SyncRun {
  const startedAt = parseTimestamp(row.started_at) ?? new Date(Number.NaN);
  const endedAt = row.ended_at === null ? undefined : (parseTimestamp(row.ended_at) ?? new Date(Number.NaN));
  return {
    id: row.sync_id,
    startedAt,
    ...(endedAt === undefined ? {} : { endedAt }),
    token: row.sync_token,
    type: row.sync_type || "full",
    ...(row.parent_sync_id ? { parentSyncId: row.parent_sync_id } : {}),
  };
}
