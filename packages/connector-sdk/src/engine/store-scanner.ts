import type { InflightEntry, ScannerState, ScanPosition } from "./sync-state.js";

/** One page of a store listing (the c1z's `list*` shape: page token = row id, Baton's paging). */
export interface StorePage<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string | undefined;
}

export type StoreLister<T> = (pageToken: string | undefined, pageSize: number) => StorePage<T>;

/** The c1z caps one page at 10,000 rows (Baton's limit). */
const MAX_STORE_PAGE = 10_000;

/** A stored item being worked on: where it is in the store, and how far its listing got. */
export interface ScanEntry<T> {
  readonly item: T;
  readonly pos: ScanPosition;
  /** Child slot (resources phase: which child type is being listed). */
  sub: number;
  cursor: string | undefined;
  status: "pending" | "running" | "done";
}

export interface StoreScannerOptions {
  /** Rows read from the store at a time. */
  readonly batch?: number;
  /** Most items between the oldest unfinished one and the newest started (bounds a resume's re-read). */
  readonly maxWindow?: number;
  /**
   * Whether rows may still be added while scanning (the resources phase adds children). When false, the
   * end of the listing is final; when true, the scanner polls again after `generation()` changes.
   */
  readonly growing?: boolean;
  readonly generation?: () => number;
}

/**
 * Walks the stored rows of one listing in row order and hands them out as work, keeping only a window
 * of started items in memory and in the checkpoint: the position of the oldest unfinished item, how
 * many were started from it, and the unfinished ones with their cursors. Positions are (page token,
 * skip) so that a resume re-reads exactly the same rows: a sync only ever appends rows, so the n-th
 * row at or after a row id stays the n-th row.
 *
 * Hand-written rather than a library: it is the store-driven fan-out Baton's syncer does with its
 * action stack, expressed over the c1z's paging.
 */
export class StoreScanner<T> {
  private readonly window: ScanEntry<T>[] = [];
  private readonly prefetched: { item: T; pos: ScanPosition }[] = [];
  private readPos: ScanPosition;
  private atEnd = false;
  private endGeneration = -1;
  private readonly batch: number;
  private readonly maxWindow: number;
  private readonly growing: boolean;
  private readonly generation: () => number;

  constructor(
    private readonly list: StoreLister<T>,
    saved: ScannerState | undefined,
    options: StoreScannerOptions = {},
  ) {
    // Small reads: decoded resources waiting in memory outlive V8's young generation and become
    // old-generation garbage; 64 keeps the query count low and that waste small.
    this.batch = Math.min(options.batch ?? 64, MAX_STORE_PAGE);
    this.maxWindow = options.maxWindow ?? 1024;
    this.growing = options.growing ?? false;
    this.generation = options.generation ?? (() => 0);
    this.readPos = saved?.pos ?? [null, 0];
    if (saved !== undefined && saved.started > 0) this.restoreWindow(saved);
  }

  /** The next item to work on (resumed ones first), or undefined when none is available now. */
  take(): ScanEntry<T> | undefined {
    for (const entry of this.window) {
      if (entry.status === "pending") {
        entry.status = "running";
        return entry;
      }
    }
    if (this.window.length >= this.maxWindow) return undefined;
    if (this.prefetched.length === 0) this.fetch();
    const next = this.prefetched.shift();
    if (next === undefined) return undefined;
    const entry: ScanEntry<T> = {
      item: next.item,
      pos: next.pos,
      sub: 0,
      cursor: undefined,
      status: "running",
    };
    this.window.push(entry);
    return entry;
  }

  complete(entry: ScanEntry<T>): void {
    entry.status = "done";
    while (this.window[0]?.status === "done") this.window.shift();
  }

  /** Whether nothing is left: every item done and the listing's end reached (for good, if not growing). */
  get finished(): boolean {
    if (this.window.length > 0 || this.prefetched.length > 0) return false;
    if (!this.atEnd) return false;
    return !this.growing || this.endGeneration === this.generation();
  }

  /** Whether items are being worked on. */
  get busy(): boolean {
    return this.window.length > 0;
  }

  snapshot(): ScannerState {
    const first = this.window[0];
    const pos = first?.pos ?? this.prefetched[0]?.pos ?? this.readPos;
    const inflight: InflightEntry[] = [];
    this.window.forEach((entry, index) => {
      if (entry.status !== "done") inflight.push([index, entry.sub, entry.cursor ?? null]);
    });
    return { pos, started: this.window.length, inflight };
  }

  private restoreWindow(saved: ScannerState): void {
    const inflight = new Map(saved.inflight.map(([index, sub, cursor]) => [index, { sub, cursor }]));
    let count = 0;
    while (count < saved.started) {
      const before = this.prefetched.length;
      this.fetch(Math.min(saved.started - count, MAX_STORE_PAGE));
      const got = this.prefetched.splice(before);
      if (got.length === 0) break;
      for (const { item, pos } of got) {
        const resumed = inflight.get(count);
        this.window.push({
          item,
          pos,
          sub: resumed?.sub ?? 0,
          cursor: resumed?.cursor ?? undefined,
          status: resumed === undefined ? "done" : "pending",
        });
        count += 1;
      }
    }
    while (this.window[0]?.status === "done") this.window.shift();
  }

  /** Reads the next rows into `prefetched`. */
  private fetch(size = this.batch): void {
    if (this.atEnd && (!this.growing || this.endGeneration === this.generation())) return;
    this.atEnd = false;
    let [token, skip] = this.readPos;
    if (skip > 0 && skip + size > MAX_STORE_PAGE) {
      // Re-base: a page of exactly `skip` rows tells us the token of the row after them.
      const page = this.list(token ?? undefined, skip);
      if (page.nextPageToken === undefined || page.nextPageToken === "") {
        this.markEnd();
        return;
      }
      token = page.nextPageToken;
      skip = 0;
      this.readPos = [token, 0];
    }
    const page = this.list(token ?? undefined, skip + size);
    for (let i = skip; i < page.items.length; i += 1) {
      this.prefetched.push({ item: page.items[i] as T, pos: [token, i] });
    }
    if (page.nextPageToken !== undefined && page.nextPageToken !== "") {
      this.readPos = [page.nextPageToken, 0];
    } else {
      this.readPos = [token, Math.max(skip, page.items.length)];
      this.markEnd();
    }
  }

  private markEnd(): void {
    this.atEnd = true;
    this.endGeneration = this.generation();
  }
}
