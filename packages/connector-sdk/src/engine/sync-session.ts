import type { SessionRows } from "@baton-ts/c1z/database";
import type { SessionStore } from "../contract/session.js";
import { DELETED, SessionOverlay } from "../session/session-overlay.js";
import { SessionView } from "../session/session-view.js";

export interface SyncSessionOptions {
  /** Values kept in memory in front of SQLite (default 4,096). */
  readonly cacheEntries?: number;
  /** Their JSON text in all (default 4 MiB); values larger than a sixteenth of it are not cached. */
  readonly cacheBytes?: number;
}

/**
 * The session of one sync, in layers: a call's own writes (its view), the writes of finished pages
 * that wait for the next checkpoint (`pending`), a small LRU cache of stored values, and the work DB's
 * session rows. The page writer writes `pending` in the transaction of the pages that produced it, so
 * the stored session always matches the stored checkpoint; a call's writes reach `pending` only when
 * its page is applied (`commit` of its view), so a failed or abandoned call leaves nothing behind.
 */
export class SyncSession {
  private readonly pending = new SessionOverlay();
  // A Map in insertion order is an LRU in a few lines (refresh = delete + set, evict = first key);
  // a cache library would be a dependency for exactly that.
  private readonly cache = new Map<string, string | null>();
  private cachedBytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(
    private readonly rows: SessionRows,
    private readonly syncId: string,
    options: SyncSessionOptions = {},
  ) {
    this.maxEntries = options.cacheEntries ?? 4096;
    this.maxBytes = options.cacheBytes ?? 4 * 1024 * 1024;
  }

  /** Session writes waiting for the next checkpoint, and their size, for the writer's batching. */
  get pendingWrites(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.pending.size, bytes: this.pending.bytes };
  }

  /** A view for one connector call; `commit()` hands its writes over once its page is applied. */
  forCall(): CallSession {
    const own = new SessionOverlay();
    const view = new SessionView({
      read: (key) => {
        const value = own.lookup(key) ?? this.pending.lookup(key);
        if (value === DELETED) return undefined;
        return value ?? this.stored(key);
      },
      write: (key, json) => own.write(key, json ?? DELETED),
      clear: (prefix) => own.clear(prefix),
    });
    return { view, commit: () => own.applyTo(this.pending), writes: () => own.size };
  }

  /** Writes what is pending into the session rows: call inside the checkpoint's transaction. */
  write(): void {
    for (const prefix of this.pending.clears) this.rows.deletePrefix(this.syncId, prefix);
    const puts: [string, string][] = [];
    const deletes: string[] = [];
    for (const [key, value] of this.pending.values) {
      if (value === DELETED) deletes.push(key);
      else puts.push([key, value]);
    }
    if (deletes.length > 0) this.rows.delete(this.syncId, deletes);
    if (puts.length > 0) this.rows.put(this.syncId, puts);
  }

  /** After the transaction committed: the cache learns the new values, and nothing is pending. */
  written(): void {
    for (const prefix of this.pending.clears) {
      for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.uncache(key);
    }
    for (const [key, value] of this.pending.values) this.remember(key, value === DELETED ? null : value);
    this.pending.reset();
  }

  /** A value as stored (committed), through the cache. */
  private stored(key: string): string | undefined {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached ?? undefined;
    }
    const value = this.rows.get(this.syncId, key);
    this.remember(key, value ?? null);
    return value;
  }

  /** Caches a value (null: known to be absent), evicting the least recently used beyond the bounds. */
  private remember(key: string, value: string | null): void {
    this.uncache(key);
    const size = key.length + (value?.length ?? 0);
    if (size > this.maxBytes / 16) return;
    this.cache.set(key, value);
    this.cachedBytes += size;
    while (this.cache.size > this.maxEntries || this.cachedBytes > this.maxBytes) {
      const oldest = this.cache.keys().next().value as string;
      this.uncache(oldest);
    }
  }

  private uncache(key: string): void {
    if (!this.cache.has(key)) return;
    const value = this.cache.get(key);
    this.cache.delete(key);
    this.cachedBytes -= key.length + (value?.length ?? 0);
  }
}

/** One connector call's session: its view, and the step that hands its writes to the sync. */
export interface CallSession {
  readonly view: SessionStore;
  /** Called when the call's page is applied (in the same synchronous step as its rows). */
  commit(): void;
  /** How many writes and clears the call made (tests). */
  writes(): number;
}
