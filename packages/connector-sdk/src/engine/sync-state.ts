/**
 * The sync's checkpoint: the JSON written to `v1_sync_runs.sync_token` together with the rows it
 * covers. The format is ours (Baton's token is opaque to every reader but the SDK that wrote it) and
 * versioned, so a token from another version is refused instead of misread.
 *
 * It stays small whatever the tenant's size: fan-out is driven by the store (a scan position over
 * stored rows plus the few in-flight resources with their cursors), never by a list of pending work.
 */

export const SYNC_STATE_VERSION = 1;

export type SyncPhase = "resource-types" | "resources" | "entitlements" | "grants" | "expansion" | "done";

/** A position in a store listing: the c1z page token (row id, null = start) and rows to skip after it. */
export type ScanPosition = readonly [token: string | null, skip: number];

/** One resource whose listing is under way: its index in the scan window, child slot, and cursor. */
export type InflightEntry = readonly [index: number, sub: number, cursor: string | null];

export interface ScannerState {
  /** Position of the first resource of the window (the oldest not fully listed one). */
  readonly pos: ScanPosition;
  /** Resources taken from `pos` on; every one not in `inflight` is done. */
  readonly started: number;
  readonly inflight: readonly InflightEntry[];
}

/** A top-level listing (one resource type, no parent). */
export interface ListingState {
  readonly cursor?: string;
  readonly done?: boolean;
}

/** S → D: whoever holds entitlement S also holds D (GrantExpandable), merged over all grants. */
export type ExpansionEdge = readonly [
  source: string,
  descendant: string,
  shallow: boolean,
  types: readonly string[],
];

export interface ExpansionProgress {
  /** Index of the group (strongly connected component, in topological order) being expanded. */
  readonly group: number;
  /** Index of the edge within the group. */
  readonly edge: number;
  /** Page token over the source entitlement's grants. */
  readonly pageToken: string | null;
  /** For a cyclic group: whether the current sweep changed anything (another sweep follows). */
  readonly changed: boolean;
  readonly sweep: number;
}

export interface SyncOptionsRecord {
  readonly types: readonly string[];
  readonly skipEntitlementsAndGrants: boolean;
  readonly skipGrants: boolean;
  /** No grant expansion (a ConductorOne sync task may ask for it); absent in older checkpoints. */
  readonly skipExpandGrants?: boolean;
}

export interface SyncState {
  readonly v: typeof SYNC_STATE_VERSION;
  readonly phase: SyncPhase;
  /** The options the sync started with; a resume keeps them. */
  readonly options: SyncOptionsRecord;
  /** Resources phase: top-level listings by resource type id. */
  readonly listings: Readonly<Record<string, ListingState>>;
  /** The current phase's store scanners by resource type id. */
  readonly scanners: Readonly<Record<string, ScannerState>>;
  readonly edges: readonly ExpansionEdge[];
  readonly expansion?: ExpansionProgress;
  readonly pages: number;
  readonly expandedGrants: number;
  /** Grants left out because their entitlement was not listed (absent when none were). */
  readonly droppedGrants?: number;
}

export const initialSyncState = (options: SyncOptionsRecord): SyncState => ({
  v: SYNC_STATE_VERSION,
  phase: "resource-types",
  options,
  listings: {},
  scanners: {},
  edges: [],
  pages: 0,
  expandedGrants: 0,
});

export const encodeSyncState = (state: SyncState): string => JSON.stringify(state);

/**
 * Reads a checkpoint token. Empty means a fresh sync. Anything else we cannot read is an error
 * naming the way out, never a silent restart that would mix two syncs' rows.
 */
export const decodeSyncState = (token: string): SyncState | undefined => {
  if (token === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(token);
  } catch {
    throw new Error(
      "the unfinished sync in this file has a checkpoint this sdk cannot read (not JSON); " +
        "delete the file (or its .work.db) to start a fresh sync",
    );
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    (parsed as { v?: unknown }).v !== SYNC_STATE_VERSION ||
    typeof (parsed as { phase?: unknown }).phase !== "string"
  ) {
    throw new Error(
      `the unfinished sync in this file was checkpointed by another sdk version (expected token v${SYNC_STATE_VERSION}); ` +
        "delete the file (or its .work.db) to start a fresh sync",
    );
  }
  return parsed as SyncState;
};
