import type { C1zFile } from "@baton-ts/c1z";
import type { EntitlementRow, ResourceRow } from "@baton-ts/c1z/database";
import type { Entitlement, Grant, Resource } from "@baton-ts/protocol";
import { MessageEncoder } from "@baton-ts/protocol/wire";
import { GrantRowBuffer } from "./grant-rows.js";
import type { SyncSession } from "./sync-session.js";

/**
 * Resources and entitlements wait as full messages (about ten times a grant's compact row), so they
 * count more towards `maxRows`: what waits in memory stays small whatever is being listed.
 */
const MESSAGE_WEIGHT = 5;

export interface PageWriterOptions {
  /** Write once this many rows are buffered (default 20,000 grants; a resource or entitlement counts 5). */
  readonly maxRows?: number;
  /** Write pages at most this long after they arrived (default 250 ms). */
  readonly maxDelayMs?: number;
}

/**
 * Buffers the pages the connector returned and writes them, together with the checkpoint that covers
 * exactly them, in ONE c1z transaction. Every page's state change (its cursor advancing, its resource
 * being done) is applied in memory in the same synchronous step that buffers its items, so the token
 * produced at write time always describes precisely the rows written with it: a `kill -9` loses at
 * most the pages of the last `maxDelayMs`, which the resumed run fetches again.
 *
 * Several pages share a transaction because a durable commit costs a journal sync; one commit per
 * page would bound a sync of small pages by the disk's sync rate rather than by the connector.
 */
export class PageWriter {
  // Everything is encoded as it arrives: rows wait for the write and the messages die young. Messages
  // kept until the write outlived V8's young generation, which then moved all message allocation to
  // the old generation (pretenuring) and grew the heap with garbage.
  private resources: ResourceRow[] = [];
  private readonly resourceKeys = new Set<string>();
  private entitlements: EntitlementRow[] = [];
  private readonly grants = new GrantRowBuffer();
  private readonly encoder = new MessageEncoder();
  private rows = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastWrite = Date.now();
  private writes = 0;
  private committed: (() => void)[] = [];
  private readonly maxRows: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly file: C1zFile,
    private readonly syncId: string,
    private readonly token: () => string,
    options: PageWriterOptions = {},
    /** Session writes of finished pages: written with their pages' rows and checkpoint. */
    private readonly session?: SyncSession,
  ) {
    this.maxRows = options.maxRows ?? 20_000;
    this.maxDelayMs = options.maxDelayMs ?? 250;
  }

  /** How many transactions were written: a scanner re-reads the store only after new rows landed. */
  get generation(): number {
    return this.writes;
  }

  get pendingResources(): number {
    return this.resources.length;
  }

  /** Buffers resources; one returned twice in a sync is stored once. */
  addResources(items: readonly Resource[]): number {
    let added = 0;
    for (const resource of items) {
      const id = resource.id;
      if (id === undefined) continue;
      const key = `${id.resourceType}:${id.resource}`;
      // Within what is buffered the first copy wins, like Baton; across writes the store's upsert keeps
      // one row (asking the store for every resource cost more than the whole listing).
      if (this.resourceKeys.has(key)) continue;
      this.resourceKeys.add(key);
      const parent = resource.parentResourceId;
      this.resources.push({
        externalId: key,
        resourceTypeId: id.resourceType,
        parentResourceTypeId: parent?.resourceType,
        parentResourceId: parent?.resource,
        data: this.encoder.resource(resource),
      });
      added += 1;
    }
    this.rows += added * MESSAGE_WEIGHT;
    return added;
  }

  addEntitlements(items: readonly Entitlement[]): void {
    for (const item of items) {
      const owner = item.resource?.id;
      this.entitlements.push({
        externalId: item.id,
        resourceTypeId: owner?.resourceType ?? "",
        resourceId: owner?.resource ?? "",
        data: this.encoder.entitlement(item),
      });
    }
    this.rows += items.length * MESSAGE_WEIGHT;
  }

  addGrants(items: readonly Grant[]): void {
    this.grants.add(items);
    this.rows += items.length;
  }

  /**
   * A page (and its state change) was applied: write now if enough is buffered, else soon.
   * `committed` runs once the transaction that holds the page has committed.
   */
  pageDone(committed?: () => void): void {
    this.dirty = true;
    if (committed !== undefined) this.committed.push(committed);
    if (this.rows + this.sessionWeight() >= this.maxRows || Date.now() - this.lastWrite >= this.maxDelayMs) {
      this.flush();
      return;
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.maxDelayMs);
      this.timer.unref();
    }
  }

  /** Writes everything buffered plus the checkpoint, and `also` (e.g. a phase change), in one transaction. */
  flush(also?: () => void): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty && also === undefined) return;
    const { resources, entitlements, grants } = this;
    this.file.transaction(() => {
      // The row-level API, with rows encoded on arrival (grants by GrantEncoder, see there for why).
      this.file.database.assertWritableSync(this.syncId);
      if (resources.length > 0) this.file.database.rows.putResourceRows(this.syncId, resources);
      if (entitlements.length > 0) this.file.database.rows.putEntitlementRows(this.syncId, entitlements);
      if (grants.length > 0) {
        grants.drain((rows) => this.file.database.rows.putGrantRows(this.syncId, rows));
      }
      this.session?.write();
      also?.();
      this.file.checkpoint(this.syncId, this.token());
    });
    this.session?.written();
    const committed = this.committed;
    this.committed = [];
    for (const callback of committed) callback();
    this.resources = [];
    this.resourceKeys.clear();
    this.encoder.clear();
    this.entitlements = [];
    this.rows = 0;
    this.dirty = false;
    this.lastWrite = Date.now();
    this.writes += 1;
  }

  /** Pending session writes count like rows: one per entry plus one per 512 bytes of JSON. */
  private sessionWeight(): number {
    if (this.session === undefined) return 0;
    const { entries, bytes } = this.session.pendingWrites;
    return entries + Math.ceil(bytes / 512);
  }

  /** Stops the timer without writing (the run failed before anything else could be written). */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
