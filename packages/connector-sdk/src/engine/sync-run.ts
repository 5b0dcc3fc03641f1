import type { C1zFile } from "@baton-ts/c1z";
import type { Grant, Resource } from "@baton-ts/protocol";
import { runInCallScope } from "../contract/call-scope.js";
import type { CallContext } from "../contract/context.js";
import { ContractError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import { CursorTrail } from "../paging/cursor-trail.js";
import { type CallSite, callConnector } from "./connector-call.js";
import { runExpansion } from "./expansion.js";
import { compareEdges, mergeEdges } from "./expansion-plan.js";
import { runFanOut, type Task } from "./fan-out.js";
import { checkGrant, storedEntitlement, storedResource } from "./item-checks.js";
import { resourceTypeMessage } from "./metadata.js";
import { PageWriter, type PageWriterOptions } from "./page-writer.js";
import type { ProgressReporter } from "./progress.js";
import { type ScanEntry, StoreScanner } from "./store-scanner.js";
import type { AnyResourceTypeDefinition, SyncPlan } from "./sync-plan.js";
import type { CallSession, SyncSession } from "./sync-session.js";
import {
  type ExpansionEdge,
  type ExpansionProgress,
  encodeSyncState,
  type ListingState,
  type ScannerState,
  type SyncPhase,
  type SyncState,
} from "./sync-state.js";

export interface SyncRunContext {
  readonly file: C1zFile;
  readonly syncId: string;
  readonly plan: SyncPlan;
  readonly client: unknown;
  readonly concurrency: number;
  readonly logger: Logger;
  /** Aborted on interruption or on the first failure; handed to every connector call. */
  readonly signal: AbortSignal;
  readonly abort: (reason: unknown) => void;
  readonly progress: ProgressReporter;
  readonly writer?: PageWriterOptions | undefined;
  /** The sync's session, written with the checkpoints. */
  readonly session: SyncSession;
  /** Pages one listing may take (a backstop against APIs that never end a listing). */
  readonly maxPagesPerListing: number;
  /** A grant on an entitlement no entitlements() call returned: fail the sync, or leave it out and count it. */
  readonly unlistedEntitlementGrants: "fail" | "drop";
  /** Told when the page a call returned is committed (see RunSyncOptions.onPageCommitted). */
  readonly onPageCommitted?: ((call: CallContext) => void) | undefined;
}

/** One connector call's page, with what the engine needs besides it. */
interface CallResult<T> {
  readonly page: T;
  /** The call's session writes, handed to the sync once its page is applied. */
  readonly session: CallSession;
  /** The context the call was given. */
  readonly ctx: CallContext;
  /** The call's last HTTP request (`Service METHOD /route`), when it made one. */
  readonly endpoint: string | undefined;
}

/** A top-level listing's live state (the checkpoint keeps cursor and done). */
interface LiveListing {
  cursor?: string | undefined;
  done?: boolean;
  running?: boolean;
}

const key = (resource: Resource): string => `${resource.id?.resourceType}:${resource.id?.resource}`;

/**
 * One sync's phases over the store: resource types → resources (children under their parents) →
 * entitlements → grants → expansion. Every page goes through the PageWriter with the state that
 * covers it; `state()` is that state, rebuilt from the live scanners and listings at write time.
 */
export class SyncRun {
  private phase: SyncPhase;
  private listings = new Map<string, LiveListing>();
  private scanners = new Map<string, StoreScanner<Resource>>();
  private readonly savedScanners: Readonly<Record<string, ScannerState>>;
  private readonly edges = new Map<string, ExpansionEdge>();
  private sortedEdges: ExpansionEdge[] | undefined;
  private expansion: ExpansionProgress | undefined;
  private pages: number;
  private expandedGrants: number;
  private droppedGrants: number;
  private readonly writer: PageWriter;
  private roundRobin = 0;
  private readonly knownEntitlements = new Set<string>();
  private readonly listedEntitlementTypes: ReadonlySet<string>;

  constructor(
    private readonly ctx: SyncRunContext,
    private readonly saved: SyncState,
  ) {
    this.phase = saved.phase;
    for (const [type, listing] of Object.entries(saved.listings)) this.listings.set(type, { ...listing });
    this.savedScanners = saved.scanners;
    for (const edge of saved.edges) this.edges.set(`${edge[0]}\u0000${edge[1]}`, edge);
    if (saved.phase === "expansion" || saved.phase === "done") this.sortedEdges = [...saved.edges];
    this.expansion = saved.expansion;
    this.pages = saved.pages;
    this.expandedGrants = saved.expandedGrants;
    this.droppedGrants = saved.droppedGrants ?? 0;
    this.writer = new PageWriter(
      ctx.file,
      ctx.syncId,
      () => encodeSyncState(this.state()),
      ctx.writer,
      ctx.session,
    );
    this.listedEntitlementTypes = new Set(ctx.plan.entitlementTypes.map((def) => def.id));
  }

  get totals(): { pages: number; expandedGrants: number; droppedGrants: number } {
    return { pages: this.pages, expandedGrants: this.expandedGrants, droppedGrants: this.droppedGrants };
  }

  state(): SyncState {
    const scanners: Record<string, ScannerState> = {};
    for (const [type, scanner] of this.scanners) scanners[type] = scanner.snapshot();
    const listings: Record<string, ListingState> = {};
    for (const [type, { cursor, done }] of this.listings) {
      listings[type] = done ? { done: true } : cursor === undefined ? {} : { cursor };
    }
    return {
      v: 1,
      phase: this.phase,
      options: this.saved.options,
      listings,
      scanners,
      edges: this.sortedEdges ?? [...this.edges.values()],
      ...(this.expansion === undefined ? {} : { expansion: this.expansion }),
      pages: this.pages,
      expandedGrants: this.expandedGrants,
      ...(this.droppedGrants === 0 ? {} : { droppedGrants: this.droppedGrants }),
    };
  }

  async run(): Promise<void> {
    try {
      if (this.phase === "resource-types") this.writeResourceTypes();
      if (this.phase === "resources") {
        await this.resourcesPhase();
        this.enter("entitlements");
      }
      if (this.phase === "entitlements") {
        await this.resourceFanOut("entitlements");
        this.enter("grants");
      }
      if (this.phase === "grants") {
        await this.resourceFanOut("grants");
        this.sortedEdges =
          this.saved.options.skipExpandGrants === true ? [] : [...this.edges.values()].sort(compareEdges);
        this.enter("expansion");
      }
      if (this.phase === "expansion") {
        await this.expansionPhase();
        this.enter("done");
      }
    } finally {
      this.writer.dispose();
    }
  }

  private enter(phase: SyncPhase): void {
    this.phase = phase;
    this.ctx.progress.counts.phase = phase;
    this.scanners = new Map();
    this.writer.flush(() => undefined);
    this.ctx.logger.debug("sync phase", { syncId: this.ctx.syncId, phase });
  }

  private writeResourceTypes(): void {
    this.ctx.progress.counts.phase = "resource-types";
    const types = this.ctx.plan.types.map((def) => resourceTypeMessage(def));
    this.phase = "resources";
    this.writer.flush(() => this.ctx.file.putResourceTypes(this.ctx.syncId, types));
  }

  // ---- resources ------------------------------------------------------------------------------

  private async resourcesPhase(): Promise<void> {
    const { plan } = this.ctx;
    this.ctx.progress.counts.phase = "resources";
    for (const def of plan.topLevel) if (!this.listings.has(def.id)) this.listings.set(def.id, {});
    for (const [parentType] of plan.childListings) this.addScanner(parentType, true);

    const takeListing = (): Task | undefined => {
      for (const def of plan.topLevel) {
        const listing = this.listings.get(def.id);
        if (listing === undefined || listing.done || listing.running) continue;
        listing.running = true;
        return () => this.listTopLevel(def, listing);
      }
      return undefined;
    };
    await this.fanOut({
      take: () =>
        takeListing() ?? this.takeFromScanners((entry, parentType) => this.listChildren(parentType, entry)),
      // Children are found by scanning stored parents: write buffered resources when slots are free.
      idle: () => {
        if (this.scanners.size === 0 || this.writer.pendingResources === 0) return false;
        this.writer.flush();
        return true;
      },
      finished: () =>
        plan.topLevel.every((def) => this.listings.get(def.id)?.done === true) &&
        [...this.scanners.values()].every((scanner) => scanner.finished),
    });
  }

  private async listTopLevel(def: AnyResourceTypeDefinition, listing: LiveListing): Promise<void> {
    const site = { phase: "listing resources", resourceType: def.id };
    const where = `list() of type ${def.id}`;
    const trail = new CursorTrail(where, listing.cursor, this.ctx.maxPagesPerListing);
    let cursor = listing.cursor;
    for (;;) {
      this.stopIfAborted();
      const call = await this.invoke(site, (ctx) => def.list(this.ctx.client, { cursor }, ctx));
      const next = trail.next(call.page, call.endpoint);
      const items = call.page.items.map((item, index) => storedResource(item, index, def, undefined, where));
      this.ctx.progress.counts.resources += this.writer.addResources(items);
      cursor = next;
      if (next === undefined) {
        listing.done = true;
        listing.cursor = undefined;
      } else {
        listing.cursor = next;
      }
      this.pageDone(call);
      if (next === undefined) return;
    }
  }

  private async listChildren(parentType: string, entry: ScanEntry<Resource>): Promise<void> {
    const children = this.ctx.plan.childListings.get(parentType) ?? [];
    const parent = entry.item;
    let trail: CursorTrail | undefined;
    while (entry.sub < children.length) {
      const childType = children[entry.sub] as string;
      const def = this.ctx.plan.byId.get(childType) as AnyResourceTypeDefinition;
      const where = `list() of type ${childType} under ${key(parent)}`;
      const site = { phase: "listing child resources", resourceType: childType, resource: key(parent) };
      trail ??= new CursorTrail(where, entry.cursor, this.ctx.maxPagesPerListing);
      this.stopIfAborted();
      const call = await this.invoke(site, (ctx) =>
        def.list(this.ctx.client, { parent: parent.id, cursor: entry.cursor }, ctx),
      );
      const next = trail.next(call.page, call.endpoint);
      const items = call.page.items.map((item, index) => storedResource(item, index, def, parent.id, where));
      this.ctx.progress.counts.resources += this.writer.addResources(items);
      if (next === undefined) {
        entry.sub += 1;
        entry.cursor = undefined;
        trail = undefined;
      } else {
        entry.cursor = next;
      }
      if (entry.sub >= children.length) this.scannerOf(parentType).complete(entry);
      this.pageDone(call);
    }
  }

  // ---- entitlements and grants ------------------------------------------------------------------

  private async resourceFanOut(kind: "entitlements" | "grants"): Promise<void> {
    const types = kind === "entitlements" ? this.ctx.plan.entitlementTypes : this.ctx.plan.grantTypes;
    this.ctx.progress.counts.phase = kind;
    for (const def of types) this.addScanner(def.id, false);
    await this.fanOut({
      take: () =>
        this.takeFromScanners((entry, type) => {
          const def = this.ctx.plan.byId.get(type) as AnyResourceTypeDefinition;
          return kind === "entitlements" ? this.listEntitlements(def, entry) : this.listGrants(def, entry);
        }),
      idle: () => false,
      finished: () => [...this.scanners.values()].every((scanner) => scanner.finished),
    });
  }

  private async listEntitlements(def: AnyResourceTypeDefinition, entry: ScanEntry<Resource>): Promise<void> {
    const resource = entry.item;
    const where = `entitlements() of ${key(resource)}`;
    const site = { phase: "listing entitlements", resourceType: def.id, resource: key(resource) };
    const list = def.entitlements as NonNullable<AnyResourceTypeDefinition["entitlements"]>;
    const trail = new CursorTrail(where, entry.cursor, this.ctx.maxPagesPerListing);
    for (;;) {
      this.stopIfAborted();
      const call = await this.invoke(site, (ctx) =>
        list(this.ctx.client, { resource, cursor: entry.cursor }, ctx),
      );
      const next = trail.next(call.page, call.endpoint);
      const items = call.page.items.map((item, index) =>
        storedEntitlement(item, index, resource, this.ctx.plan.byId, where),
      );
      this.writer.addEntitlements(items);
      this.ctx.progress.counts.entitlements += items.length;
      entry.cursor = next;
      if (next === undefined) this.scannerOf(def.id).complete(entry);
      this.pageDone(call);
      if (next === undefined) return;
    }
  }

  private async listGrants(def: AnyResourceTypeDefinition, entry: ScanEntry<Resource>): Promise<void> {
    const resource = entry.item;
    const where = `grants() of ${key(resource)}`;
    const site = { phase: "listing grants", resourceType: def.id, resource: key(resource) };
    const list = def.grants as NonNullable<AnyResourceTypeDefinition["grants"]>;
    const trail = new CursorTrail(where, entry.cursor, this.ctx.maxPagesPerListing);
    const addEdge = (edge: ExpansionEdge): void => {
      const edgeKey = `${edge[0]}\u0000${edge[1]}`;
      const known = this.edges.get(edgeKey);
      this.edges.set(edgeKey, known === undefined ? edge : mergeEdges(known, edge));
    };
    for (;;) {
      this.stopIfAborted();
      const call = await this.invoke(site, (ctx) =>
        list(this.ctx.client, { resource, cursor: entry.cursor }, ctx),
      );
      const next = trail.next(call.page, call.endpoint);
      const edges: ExpansionEdge[] = [];
      const checked: Grant[] = call.page.items.map((item, index) =>
        checkGrant(item, index, where, (edge) => edges.push(edge)),
      );
      const items = this.withListedEntitlements(checked, where);
      for (const edge of edges) addEdge(edge);
      this.writer.addGrants(items);
      this.ctx.progress.counts.grants += items.length;
      entry.cursor = next;
      if (next === undefined) this.scannerOf(def.id).complete(entry);
      this.pageDone(call);
      if (next === undefined) return;
    }
  }

  /**
   * A grant must name an entitlement that some entitlements() call returned. All entitlements are
   * stored before the grants phase, so each page is checked as it arrives (an indexed lookup per
   * distinct entitlement, remembered for a while). Only types whose entitlements this sync listed can
   * be judged (others were skipped or filtered out). A grant that fails the check fails the sync, or,
   * with `unlistedEntitlementGrants: "drop"`, is left out and counted (an API that still names a
   * deleted object, a token that sees the holder but not the object).
   */
  private withListedEntitlements(grants: readonly Grant[], where: string): readonly Grant[] {
    let kept: Grant[] | undefined;
    grants.forEach((grant, index) => {
      const entitlement = grant.entitlement as NonNullable<Grant["entitlement"]>;
      if (this.knownEntitlements.has(entitlement.id)) {
        kept?.push(grant);
        return;
      }
      if (
        !this.listedEntitlementTypes.has(entitlement.resource?.id?.resourceType ?? "") ||
        this.ctx.file.database.rows.has("entitlements", entitlement.id, this.ctx.syncId)
      ) {
        if (this.knownEntitlements.size >= 100_000) this.knownEntitlements.clear();
        this.knownEntitlements.add(entitlement.id);
        kept?.push(grant);
        return;
      }
      if (this.ctx.unlistedEntitlementGrants === "fail") {
        throw new ContractError(
          `${where} returned grant ${JSON.stringify(grant.id)} of entitlement ${JSON.stringify(entitlement.id)}, ` +
            "which no entitlements() call returned; return each entitlement from entitlements() of its resource, " +
            "or fix the grant's entitlement id (entitlementId(resource, slug))",
        );
      }
      kept ??= grants.slice(0, index);
      this.droppedGrants += 1;
      const fields = { grant: grant.id, entitlement: entitlement.id, where };
      if (this.droppedGrants === 1) {
        this.ctx.logger.warn(
          "a grant names an entitlement this sync did not list; it is left out (the sync summary counts them, further ones are logged at debug level)",
          fields,
        );
      } else {
        this.ctx.logger.debug("a grant names an entitlement this sync did not list; it is left out", fields);
      }
    });
    return kept ?? grants;
  }

  // ---- expansion ----------------------------------------------------------------------------------

  private async expansionPhase(): Promise<void> {
    const edges = this.sortedEdges ?? [];
    this.ctx.progress.counts.phase = "expansion";
    if (edges.length === 0) return;
    this.ctx.logger.info("grant expansion", { syncId: this.ctx.syncId, edges: edges.length });
    await runExpansion({
      file: this.ctx.file,
      syncId: this.ctx.syncId,
      edges,
      progress: this.expansion,
      logger: this.ctx.logger,
      signal: this.ctx.signal,
      commit: (grants, progress, created) => {
        this.expansion = progress;
        this.expandedGrants += created;
        this.writer.addGrants(grants);
        this.writer.flush(() => undefined);
      },
      onPage: (created) => {
        this.ctx.progress.counts.expandedGrants += created;
      },
    });
  }

  // ---- shared ---------------------------------------------------------------------------------

  private addScanner(type: string, growing: boolean): void {
    const { file, syncId } = this.ctx;
    this.scanners.set(
      type,
      new StoreScanner<Resource>(
        (pageToken, pageSize) =>
          file.listResources({
            syncId,
            resourceTypeId: type,
            pageSize,
            ...(pageToken === undefined ? {} : { pageToken }),
          }),
        this.phase === this.saved.phase ? this.savedScanners[type] : undefined,
        { growing, generation: () => this.writer.generation },
      ),
    );
  }

  private scannerOf(type: string): StoreScanner<Resource> {
    return this.scanners.get(type) as StoreScanner<Resource>;
  }

  /** The next stored resource to work on, taking turns between the types so none starves. */
  private takeFromScanners(
    task: (entry: ScanEntry<Resource>, type: string) => Promise<void>,
  ): Task | undefined {
    const entries = [...this.scanners.entries()];
    for (let i = 0; i < entries.length; i += 1) {
      const [type, scanner] = entries[(this.roundRobin + i) % entries.length] as [
        string,
        StoreScanner<Resource>,
      ];
      const entry = scanner.take();
      if (entry !== undefined) {
        this.roundRobin = (this.roundRobin + i + 1) % entries.length;
        return () => task(entry, type);
      }
    }
    return undefined;
  }

  private async fanOut(source: {
    take(): Task | undefined;
    idle(): boolean;
    finished(): boolean;
  }): Promise<void> {
    try {
      await runFanOut({
        concurrency: this.ctx.concurrency,
        ...source,
        signal: this.ctx.signal,
        onFailure: (error) => this.ctx.abort(error),
      });
    } catch (error) {
      // Whatever arrived complete is kept, so the resumed run starts after it; a failing write must not
      // hide the failure that stopped the sync.
      try {
        this.writer.flush();
      } catch (flushError) {
        this.ctx.logger.warn("could not write the last pages before stopping", { error: flushError });
      }
      throw error;
    }
    // On success the phase change that follows writes the last pages (one commit, not two).
  }

  /** A listing stops between pages once the run is interrupted or failed elsewhere. */
  private stopIfAborted(): void {
    if (this.ctx.signal.aborted) throw this.ctx.signal.reason;
  }

  /** A page was applied: its call's session writes join the pending ones, then the writer decides. */
  private pageDone(call: CallResult<unknown>): void {
    call.session.commit();
    this.pages += 1;
    this.ctx.progress.counts.pages += 1;
    const observer = this.ctx.onPageCommitted;
    this.writer.pageDone(observer === undefined ? undefined : () => observer(call.ctx));
  }

  /**
   * One connector call: in its own call scope (so the sdk's HTTP client uses the run's signal and
   * tells which endpoint it called) with its own session view, errors given their context.
   */
  private invoke<T>(site: CallSite, call: (ctx: CallContext) => Promise<T>): Promise<CallResult<T>> {
    const session = this.ctx.session.forCall();
    const ctx: CallContext = { logger: this.ctx.logger, signal: this.ctx.signal, session: session.view };
    return runInCallScope(this.ctx.signal, async (scope) => {
      const page = await callConnector(site, () => call(ctx));
      return { page, session, ctx, endpoint: scope.requests > 0 ? scope.lastEndpoint : undefined };
    });
  }
}
