import { rmSync } from "node:fs";
import { chmod, mkdtemp, readdir, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { checkC1zPath } from "./c1z-path.js";
import { compressDatabase, decompressC1z } from "./codec.js";
import { type DecoderLimits, decoderLimitsFromEnv } from "./decoder-limits.js";
import { fsyncDirectory, temporarySibling } from "./durable-fs.js";
import { C1zFormatError, C1zUsageError } from "./errors.js";
import { cachedExpansion, type ExpandedCacheOptions } from "./expanded-cache.js";
import { FileLock } from "./file-lock.js";
import { retentionFrom } from "./retention.js";
import { RowStore } from "./row-store.js";
import { ensureSchema, REQUIRED_COLUMNS, schemaProblems, TABLES } from "./schema.js";
import { SessionRows } from "./session-rows.js";
import { Sql } from "./sql.js";
import { type StartedSync, type SyncRun, SyncRuns } from "./sync-runs.js";
import {
  type FileFingerprint,
  fileExists,
  fingerprintFile,
  readSidecar,
  removeWorkFiles,
  sameFile,
  type WorkPaths,
  workPathsFor,
  writeSidecar,
} from "./work-db.js";

export interface C1zOpenOptions {
  /** Where read-only opens decompress to (default: the OS temp dir). */
  tempDir?: string;
  /** Decompress into a private temp copy and refuse writes; nothing next to the file is touched. */
  readOnly?: boolean;
  /**
   * SQLite `synchronous` for the work DB (which runs in WAL mode while it is written). NORMAL (default):
   * a killed process loses no committed transaction (the OS keeps what was written); a power cut may lose
   * the last commits but never corrupts the DB, and since data and checkpoint token commit together a
   * resume stays consistent. FULL also fsyncs the WAL at every commit, so every commit survives a power
   * cut, at the price of one fsync per transaction.
   */
  synchronous?: "FULL" | "NORMAL";
  /** Environment to read BATON_* settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Read-only opens only: reuse an expanded copy of the file kept in this cache (see
   * ExpandedCacheOptions), instead of expanding the file into a temp directory on every open.
   */
  cache?: ExpandedCacheOptions;
}

/** Steps of save(), reported to an optional observer (progress logs; tests use it to kill at a step). */
export type SavePhase = "compressing" | "compressed" | "renamed" | "done";

export interface SaveOptions {
  onPhase?: (phase: SavePhase) => void | Promise<void>;
}

// A 16 MiB page cache (default 2 MiB) holds the hot index pages of bulk writes; 64 MiB measured no faster
// and cost ~50 MiB of RSS. It bounds memory: it does not grow with the row count.
const CACHE_SIZE_KIB = 16 * 1024;

// Pages of 16 KiB for new work DBs (SQLite's default is 4 KiB; any size is a valid c1z, Baton's readers
// take what the file says): measured ~12% less CPU per grant insert (fewer page splits and B-tree levels)
// and a slightly smaller file. Only takes effect on an empty database; expanded files keep theirs.
const NEW_DB_PAGE_SIZE = 16 * 1024;

// The WAL is folded into the DB every ~64 MiB instead of SQLite's default 4 MiB (1000 pages): fewer
// checkpoints, each writing a hot index page once rather than many times. It costs disk, not memory.
const WAL_AUTOCHECKPOINT_BYTES = 64 * 1024 * 1024;

/**
 * A c1z file opened for work, without protobuf: persistence (work DB, resume, atomic save), sync runs,
 * retention and the row-level store. C1zFile adds the typed messages on top.
 */
export class C1zDatabase {
  readonly path: string;
  readonly readOnly: boolean;
  readonly warnings: readonly string[];
  readonly rows: RowStore;
  readonly syncRuns: SyncRuns;
  /** Per-sync session values of a running sync (work DB only; never saved into the c1z). */
  readonly sessions: SessionRows;
  readonly sql: Sql;
  /** The SQLite file this instance works on (a temp copy, a cache entry or the work DB). */
  readonly databasePath: string;
  readonly #db: DatabaseSync;
  readonly #work: WorkPaths | undefined;
  readonly #lock: FileLock | undefined;
  readonly #tempDir: string | undefined;
  readonly #env: NodeJS.ProcessEnv;
  readonly #writableSyncs = new Set<string>();
  #currentSyncId: string | undefined;
  #closed = false;

  private constructor(init: {
    path: string;
    db: DatabaseSync;
    readOnly: boolean;
    warnings: string[];
    work?: WorkPaths;
    lock?: FileLock;
    tempDir?: string;
    databasePath: string;
    env: NodeJS.ProcessEnv;
  }) {
    this.databasePath = init.databasePath;
    this.path = init.path;
    this.#db = init.db;
    this.readOnly = init.readOnly;
    this.warnings = init.warnings;
    this.#work = init.work;
    this.#lock = init.lock;
    this.#tempDir = init.tempDir;
    this.#env = init.env;
    this.sql = new Sql(init.db);
    this.rows = new RowStore(this.sql, { writable: !init.readOnly });
    this.syncRuns = new SyncRuns(this.sql);
    this.sessions = new SessionRows(this.sql);
  }

  static async open(path: string, options: C1zOpenOptions = {}): Promise<C1zDatabase> {
    const env = options.env ?? process.env;
    const limits = decoderLimitsFromEnv(env);
    if (options.cache && !options.readOnly) {
      throw new C1zUsageError(`${path}: the cache option is for read-only opens; add readOnly: true`);
    }
    // Before anything is created next to the file: a clear error naming the path instead of ENOENT/EISDIR.
    await checkC1zPath(path, { writable: options.readOnly !== true });
    if (options.cache) return C1zDatabase.#openCached(path, options.cache, options.tempDir, limits, env);
    return options.readOnly
      ? C1zDatabase.#openReadOnly(path, options.tempDir, limits, env)
      : C1zDatabase.#openWritable(path, options.synchronous ?? "NORMAL", limits, env);
  }

  static async #openReadOnly(
    path: string,
    tempDir: string | undefined,
    limits: DecoderLimits,
    env: NodeJS.ProcessEnv,
  ): Promise<C1zDatabase> {
    const source = await fingerprintFile(path);
    if (!source.exists)
      throw new C1zUsageError(`${path}: no such c1z file (read-only opens need an existing file)`);
    const directory = await mkdtemp(join(tempDir ?? tmpdir(), "c1z-"));
    try {
      const databasePath = join(directory, "db");
      if (source.size > 0) await decompressC1z(path, databasePath, limits);
      // The copy is private, so it may be opened read-write; writes are refused by the API instead.
      const db = openDatabase(path, databasePath, { synchronous: "OFF", writable: false });
      return new C1zDatabase({
        path,
        db,
        readOnly: true,
        warnings: [],
        tempDir: directory,
        databasePath,
        env,
      });
    } catch (error) {
      await rm(directory, { recursive: true, force: true });
      throw error;
    }
  }

  static async #openCached(
    path: string,
    cache: ExpandedCacheOptions,
    tempDir: string | undefined,
    limits: DecoderLimits,
    env: NodeJS.ProcessEnv,
  ): Promise<C1zDatabase> {
    const source = await fingerprintFile(path);
    // An empty file is an empty c1z: nothing worth caching.
    if (source.exists && source.size === 0) return C1zDatabase.#openReadOnly(path, tempDir, limits, env);
    const databasePath = await cachedExpansion(path, cache, limits);
    let db: DatabaseSync;
    try {
      // Shared with other readers: opened read-only at the SQLite level too. The entry already has every
      // table and index (see cachedExpansion), so nothing here needs to write.
      db = new DatabaseSync(databasePath, { readOnly: true, timeout: 5000 });
      db.exec(`pragma cache_size = -${CACHE_SIZE_KIB}`);
    } catch (error) {
      throw new C1zFormatError(
        path,
        `the cached copy ${databasePath} cannot be opened (${(error as Error).message}); delete it and try again`,
        { cause: error },
      );
    }
    return new C1zDatabase({ path, db, readOnly: true, warnings: [], databasePath, env });
  }

  static async #openWritable(
    path: string,
    synchronous: "FULL" | "NORMAL",
    limits: DecoderLimits,
    env: NodeJS.ProcessEnv,
  ): Promise<C1zDatabase> {
    // First of all: a second writer must not touch the work DB or the temporaries of the first.
    const lock = await FileLock.acquire(path);
    try {
      const work = workPathsFor(path);
      const warnings: string[] = [];
      await removeAbandonedTemporaries(path);
      const source = await fingerprintFile(path);
      const reuse = await decideOnExistingWorkDb(path, work, source, warnings);
      if (!reuse) {
        await removeWorkFiles(work);
        try {
          if (source.exists && source.size > 0) await decompressC1z(path, work.database, limits);
          const fresh = openDatabase(path, work.database, { synchronous, writable: true });
          fresh.close();
        } catch (error) {
          await removeWorkFiles(work); // a file we cannot read leaves nothing behind
          throw error;
        }
        // Written last: a work DB only counts as a faithful copy of `path` once this record exists.
        await writeSidecar(work.sidecar, { version: 1, source });
      }
      const db = openDatabase(path, work.database, { synchronous, writable: true });
      return new C1zDatabase({
        path,
        db,
        readOnly: false,
        warnings,
        work,
        lock,
        databasePath: work.database,
        env,
      });
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  // ---- sync runs --------------------------------------------------------------------------------------

  startOrResumeSync(): StartedSync {
    this.#assertWritable();
    const started = this.syncRuns.startOrResume();
    this.#currentSyncId = started.syncId;
    this.#writableSyncs.add(started.syncId);
    return started;
  }

  checkpoint(syncId: string, token: string): void {
    this.#assertWritable();
    this.syncRuns.checkpoint(syncId, token);
  }

  endSync(syncId: string): void {
    this.#assertWritable();
    this.syncRuns.end(syncId);
    // A finished sync has no session; the table itself goes at save.
    this.sessions.clearSync(syncId);
    if (this.#currentSyncId === syncId) this.#currentSyncId = undefined;
  }

  listSyncs(): SyncRun[] {
    this.#assertOpen();
    return this.syncRuns.list();
  }

  latestFinishedSync(): SyncRun | undefined {
    this.#assertOpen();
    return this.syncRuns.latestFinished();
  }

  /**
   * The sync reads use when none is named (Baton's rule): the sync this instance is running, else the latest
   * finished one, else the latest unfinished one; undefined for a file without syncs.
   */
  readerSyncId(syncId?: string): string | undefined {
    this.#assertOpen();
    if (syncId !== undefined) return syncId;
    return this.#currentSyncId ?? this.syncRuns.latestFinished()?.id ?? this.syncRuns.latestUnfinished()?.id;
  }

  /**
   * Keeps the newest N finished syncs (default 2, BATON_KEEP_SYNC_COUNT; BATON_SKIP_CLEANUP=true turns it
   * off), deletes the rows of older finished syncs, and VACUUMs when something was deleted.
   * Unfinished syncs are never touched.
   */
  cleanup(options: { keep?: number } = {}): void {
    this.#assertWritable();
    const retention = retentionFrom(options.keep, this.#env);
    if (retention.skip) return;
    const stale = this.syncRuns.finishedNewestFirst().slice(retention.keep);
    if (stale.length === 0) return;
    this.sql.transaction(() => {
      for (const run of stale) this.rows.deleteSync(run.id);
    });
    this.#db.exec("vacuum");
  }

  // ---- writes -------------------------------------------------------------------------------------------

  transaction<T>(fn: () => T): T {
    this.#assertWritable();
    return this.sql.transaction(fn);
  }

  /** Checks that writes may go to this sync (open, writable, the sync exists); cached per sync id. */
  assertWritableSync(syncId: string): void {
    this.#assertWritable();
    if (this.#writableSyncs.has(syncId)) return;
    this.syncRuns.require(syncId);
    this.#writableSyncs.add(syncId);
  }

  // ---- export -------------------------------------------------------------------------------------------

  /**
   * Writes a new c1z at `target` with one sync of this file (Baton's CloneSync): built as a fresh file
   * next to the target (a writable open, so grant indexes are built once in sorted passes at save), then
   * renamed over `target`. Only Baton's columns are copied, so a file from a newer SDK exports as v1.
   */
  async exportSync(syncId: string, target: string): Promise<void> {
    this.#assertOpen();
    this.syncRuns.require(syncId);
    if (resolve(target) === resolve(this.path)) {
      throw new C1zUsageError(
        `${target}: cannot export a sync over the file it comes from; choose another path`,
      );
    }
    const staging = `${temporarySibling(target)}.c1z`;
    const out = await C1zDatabase.open(staging, { env: this.#env });
    try {
      out.#copySyncFrom(this.databasePath, syncId);
      await out.save();
      await rename(staging, target);
    } catch (error) {
      out.close();
      await removeWorkFiles(workPathsFor(staging));
      await rm(staging, { force: true });
      throw error;
    }
    await fsyncDirectory(dirname(target));
  }

  /** Copies one sync's rows (Baton's columns) from another SQLite file into this (new) database. */
  #copySyncFrom(sourceDatabase: string, syncId: string): void {
    this.#assertWritable();
    this.#db.prepare("attach database ? as export_source").run(sourceDatabase);
    try {
      this.sql.transaction(() => {
        for (const table of Object.values(TABLES)) {
          const columns = REQUIRED_COLUMNS[table].join(", ");
          this.#db
            .prepare(
              `insert into main.${table} (${columns}) select ${columns} from export_source.${table} where sync_id = ?`,
            )
            .run(syncId);
        }
      });
    } finally {
      this.#db.exec("detach database export_source");
    }
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------

  /**
   * Compresses the work DB into `<path>.tmp-<random>`, fsyncs it, renames it over `path` (atomic) and
   * fsyncs the directory, then deletes the work DB. A crash at any moment leaves the old or the new c1z
   * at `path`. After save the instance is closed; open the file again to keep working.
   */
  async save(options: SaveOptions = {}): Promise<void> {
    this.#assertWritable();
    const work = this.#work as WorkPaths;
    if (this.#db.isTransaction)
      throw new C1zUsageError("save() called inside a transaction; commit it first");
    try {
      await this.#save(work, options);
    } finally {
      // Once the database is closed (the save went past that point) the lock goes with it.
      if (this.#closed) this.#lock?.release();
    }
  }

  async #save(work: WorkPaths, options: SaveOptions): Promise<void> {
    // Sessions belong to running syncs, never to the file (the drop zeroes their pages).
    this.sessions.drop();
    // The format needs a plain rollback-journal database: fold the WAL into the DB file, then leave WAL
    // mode (header bytes 18/19 back to 1). A kill in between leaves a consistent DB in either mode.
    this.#db.exec("pragma wal_checkpoint(TRUNCATE)");
    const mode = this.#db.prepare("pragma journal_mode = delete").get()?.journal_mode;
    if (mode !== "delete") {
      throw new C1zUsageError(
        `${this.path}: save() could not leave WAL mode (journal_mode is ${String(mode)}); finish or drop every iteration over this file before saving`,
      );
    }
    // Deferred indexes are built only now, in rollback-journal mode: their new pages go straight to the
    // end of the DB file, where in WAL mode they were written twice (WAL, then checkpoint).
    this.rows.ensureIndexes();
    // Closing finishes the rollback journal too, so the DB file alone holds all committed data.
    this.#close();
    const temporary = temporarySibling(this.path);
    try {
      await options.onPhase?.("compressing");
      await compressDatabase(work.database, temporary);
      const sidecar = await readSidecar(work.sidecar);
      const saving = await fingerprintFile(temporary);
      const source: FileFingerprint = sidecar?.source ?? (await fingerprintFile(this.path));
      // Recorded before the rename so that a crash right after it is recognised as a completed save.
      await writeSidecar(work.sidecar, { version: 1, source, saving });
      await options.onPhase?.("compressed");
      if (this.#lock !== undefined && !(await this.#lock.stillHeld())) {
        throw new C1zUsageError(
          `${this.path}: its write lock ${this.#lock.lockPath} was taken over by another process; not replacing the file`,
        );
      }
      // A replaced file keeps its mode (a private 0600 c1z must not come back 0644 after a sync).
      const replaced = await stat(this.path).catch(() => undefined);
      if (replaced !== undefined) await chmod(temporary, replaced.mode & 0o7777);
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await fsyncDirectory(dirname(this.path));
    await options.onPhase?.("renamed");
    await removeWorkFiles(work);
    await options.onPhase?.("done");
  }

  /**
   * Releases the file without saving. A writable open keeps its work DB, so the next open resumes; a
   * read-only open deletes its temp copy.
   */
  close(): void {
    if (this.#closed) return;
    this.#close();
    this.#lock?.release();
    if (this.#tempDir) rmSync(this.#tempDir, { recursive: true, force: true });
  }

  #close(): void {
    this.#closed = true;
    if (this.#db.isOpen) this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new C1zUsageError(`${this.path}: this c1z is closed (after save() or close()); open it again`);
  }

  #assertWritable(): void {
    this.#assertOpen();
    if (this.readOnly)
      throw new C1zUsageError(`${this.path}: opened read-only; open it without readOnly to write`);
  }
}

async function decideOnExistingWorkDb(
  path: string,
  work: WorkPaths,
  source: FileFingerprint,
  warnings: string[],
): Promise<boolean> {
  if (!(await fileExists(work.database))) return false;
  const sidecar = await readSidecar(work.sidecar);
  if (!sidecar) {
    warnings.push(
      `discarded ${work.database}: it has no record of the c1z it came from (an earlier open was interrupted while expanding)`,
    );
    return false;
  }
  if (sidecar.saving && sameFile(sidecar.saving, source)) return false; // that save completed; nothing to keep
  if (sameFile(sidecar.source, source)) return true;
  warnings.push(
    `discarded ${work.database} from an interrupted run: ${path} changed since it was expanded, so resuming could lose or mix data`,
  );
  return false;
}

/** Deletes `<path>.tmp-*` files a killed save left behind (they never replaced the target). */
async function removeAbandonedTemporaries(path: string): Promise<void> {
  const name = basename(path);
  const entries = await readdir(dirname(path)).catch(() => [] as string[]);
  const abandoned = entries.filter(
    (entry) => entry.startsWith(`${name}.tmp-`) || entry.startsWith(`${name}.work.json.tmp-`),
  );
  await Promise.all(abandoned.map((entry) => rm(join(dirname(path), entry), { force: true })));
}

function openDatabase(
  sourcePath: string,
  databasePath: string,
  options: { synchronous: "FULL" | "NORMAL" | "OFF"; writable: boolean },
): DatabaseSync {
  const db = new DatabaseSync(databasePath, { timeout: 5000 });
  try {
    if (options.writable) {
      db.exec(`pragma page_size = ${NEW_DB_PAGE_SIZE}`);
      // WAL while the sync writes: a commit appends its pages to the WAL and, with synchronous=NORMAL,
      // needs no fsync, where the rollback journal cost several per transaction (measured ~3x slower
      // bulk writes). save() checkpoints and switches back to a rollback journal before compressing.
      db.exec("pragma journal_mode = wal");
      const pageSize = Number(db.prepare("pragma page_size").get()?.page_size ?? 4096);
      db.exec(`pragma wal_autocheckpoint = ${Math.ceil(WAL_AUTOCHECKPOINT_BYTES / pageSize)}`);
      // After a checkpoint the WAL file is cut back instead of staying at its largest size.
      db.exec(`pragma journal_size_limit = ${WAL_AUTOCHECKPOINT_BYTES}`);
    } else {
      db.exec("pragma journal_mode = delete");
    }
    db.exec(`pragma synchronous = ${options.synchronous}`);
    db.exec(`pragma cache_size = -${CACHE_SIZE_KIB}`);
    const problems = schemaProblems(db);
    if (problems.length > 0) {
      throw new C1zFormatError(sourcePath, `not a c1z v1 database: ${problems.join("; ")}`);
    }
    ensureSchema(db, { deferGrantIndexes: options.writable });
    return db;
  } catch (error) {
    db.close();
    if (error instanceof C1zFormatError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new C1zFormatError(sourcePath, `the database inside cannot be used (${message})`, { cause: error });
  }
}
