import type { C1zFile } from "@baton-ts/c1z";
import {
  create,
  type Entitlement,
  type Grant,
  GrantSchema,
  type GrantSources_GrantSource,
  GrantSources_GrantSourceSchema,
  GrantSourcesSchema,
} from "@baton-ts/protocol";
import type { Logger } from "../log/logger.js";
import { planExpansion } from "./expansion-plan.js";
import type { ExpansionEdge, ExpansionProgress } from "./sync-state.js";

export interface ExpansionRun {
  readonly file: C1zFile;
  readonly syncId: string;
  /** Sorted, merged edges (the checkpoint's list: indexes into it must be stable across a resume). */
  readonly edges: readonly ExpansionEdge[];
  readonly progress: ExpansionProgress | undefined;
  /** Writes the page's grants and the checkpoint of `progress` in one transaction. */
  commit(grants: readonly Grant[], progress: ExpansionProgress, created: number): void;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly pageSize?: number;
  /** Called after each page (progress reporting). */
  onPage?(created: number): void;
}

/** Grants waiting to be written before a commit (bounded memory, few commits). */
const FLUSH_AT = 5000;

/** A cyclic group normally settles in a few sweeps; far more means a bug, reported not looped on. */
const MAX_SWEEPS = 1000;

const hasSource = (grant: Grant, source: string): boolean => grant.sources?.sources[source] !== undefined;

/** Baton: a grant counts as direct for S when its sources are empty or contain S. */
const isDirectFor = (grant: Grant, source: string): boolean => {
  const sources = grant.sources?.sources;
  return sources === undefined || Object.keys(sources).length === 0 || sources[source] !== undefined;
};

const withSource = (grant: Grant, descendant: string, source: string): Grant => {
  const current = grant.sources?.sources ?? {};
  const next: Record<string, GrantSources_GrantSource> = { ...current };
  // A grant that existed before expansion (a direct one) first gets its own entitlement as a source.
  if (Object.keys(current).length === 0) next[descendant] = create(GrantSources_GrantSourceSchema);
  next[source] = create(GrantSources_GrantSourceSchema);
  return { ...grant, sources: create(GrantSourcesSchema, { sources: next }) };
};

/**
 * Grant expansion (as baton-sdk's expander does it): for each edge S → D, every principal Q holding S (directly only, if
 * shallow; of the listed types only, if filtered) also holds D: a grant `<D>:<Q.type>:<Q.id>` is created
 * with the full D and principal Q, or the existing one gains S in its sources. Edges run in
 * topological order of the entitlement graph; a cycle is swept until nothing changes, never an error.
 * Each page of S's grants is written with its checkpoint, so a killed expansion resumes at that page
 * (re-applying a page is harmless: sources are sets and grants upserts).
 */
export const runExpansion = async (run: ExpansionRun): Promise<number> => {
  const groups = planExpansion(run.edges);
  const pageSize = run.pageSize ?? 1000;
  let progress: ExpansionProgress = run.progress ?? {
    group: 0,
    edge: 0,
    pageToken: null,
    changed: false,
    sweep: 0,
  };
  let createdTotal = 0;
  const missing = new Set<string>();
  // Writes wait here and go out together (a commit per edge made big expansions crawl). Lookups see
  // them first; an edge whose source has waiting grants writes them before it reads that source.
  const pending = new Map<string, Grant>();
  const pendingEntitlements = new Set<string>();
  let pendingCreated = 0;
  const flush = (): void => {
    run.commit([...pending.values()], progress, pendingCreated);
    createdTotal += pendingCreated;
    pending.clear();
    pendingEntitlements.clear();
    pendingCreated = 0;
  };

  while (progress.group < groups.length) {
    const group = groups[progress.group];
    if (group === undefined) break;
    if (progress.edge >= group.edges.length) {
      if (group.cyclic && progress.changed && progress.sweep + 1 < MAX_SWEEPS) {
        progress = { ...progress, edge: 0, pageToken: null, changed: false, sweep: progress.sweep + 1 };
      } else {
        if (group.cyclic && progress.changed) {
          run.logger.warn("grant expansion stopped sweeping a cycle that kept changing", {
            sweeps: MAX_SWEEPS,
          });
        }
        progress = { group: progress.group + 1, edge: 0, pageToken: null, changed: false, sweep: 0 };
      }
      continue;
    }
    const edge = run.edges[group.edges[progress.edge] as number] as ExpansionEdge;
    const [source, descendant, shallow, types] = edge;
    const target: Entitlement | undefined = run.file.getEntitlement(descendant, run.syncId);
    if (target === undefined) {
      if (!missing.has(descendant)) {
        missing.add(descendant);
        run.logger.warn("grant expansion skipped an entitlement that was never listed", {
          entitlement: descendant,
          source,
        });
      }
      progress = { ...progress, edge: progress.edge + 1, pageToken: null };
      continue;
    }
    if (pendingEntitlements.has(source)) flush();

    for (;;) {
      if (run.signal.aborted) throw run.signal.reason;
      const page = run.file.listGrants({
        syncId: run.syncId,
        entitlementId: source,
        pageSize,
        ...(progress.pageToken === null ? {} : { pageToken: progress.pageToken }),
      });
      let changed = false;
      let created = 0;
      for (const grant of page.items) {
        const principal = grant.principal?.id;
        if (principal === undefined) continue;
        if (types.length > 0 && !types.includes(principal.resourceType)) continue;
        if (shallow && !isDirectFor(grant, source)) continue;
        // By id (`<D>:<Q.type>:<Q.id>`, the rule every grant follows) rather than by principal: a lookup
        // by principal needs the c1z's principal index, which it drops while grants are being written.
        const id = `${descendant}:${principal.resourceType}:${principal.resource}`;
        const existing = pending.get(id) ?? run.file.getGrant(id, run.syncId);
        if (existing === undefined) {
          pendingCreated += 1;
          created += 1;
          pending.set(
            id,
            create(GrantSchema, {
              id,
              entitlement: target,
              principal: grant.principal,
              sources: create(GrantSourcesSchema, {
                sources: { [source]: create(GrantSources_GrantSourceSchema) },
              }),
            }),
          );
        } else if (!hasSource(existing, source)) {
          pending.set(id, withSource(existing, descendant, source));
        } else {
          continue;
        }
        changed = true;
        pendingEntitlements.add(descendant);
      }
      const next = page.nextPageToken === undefined || page.nextPageToken === "" ? null : page.nextPageToken;
      progress = {
        ...progress,
        changed: progress.changed || changed,
        ...(next === null ? { edge: progress.edge + 1, pageToken: null } : { pageToken: next }),
      };
      if (pending.size >= FLUSH_AT) flush();
      run.onPage?.(created);
      // Let timers (progress lines) and an abort in; expansion is local work with no awaits otherwise.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (next === null) break;
    }
  }
  flush();
  return createdTotal;
};
