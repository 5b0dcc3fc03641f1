import type { C1zFile, SyncRun } from "@baton-ts/c1z";
import { BatonCliError } from "../cli/errors.js";

/** The two syncs `baton diff` compares: the latest finished full sync and the finished full one before it. */
export interface DiffSyncs {
  base: SyncRun;
  applied: SyncRun;
}

export function latestTwoFullSyncs(file: C1zFile): DiffSyncs | undefined {
  const finished = file
    .listSyncs()
    .filter((run) => run.endedAt !== undefined && run.type === "full")
    .sort((a, b) => (b.endedAt?.getTime() ?? 0) - (a.endedAt?.getTime() ?? 0));
  const [applied, base] = finished;
  return applied && base ? { base, applied } : undefined;
}

/** As latestTwoFullSyncs, or the error Go's CLI gives (no sync, or a single one). */
export function requireTwoFullSyncs(file: C1zFile): DiffSyncs {
  const syncs = latestTwoFullSyncs(file);
  if (syncs) return syncs;
  const finished = file.listSyncs().filter((run) => run.endedAt !== undefined).length;
  throw new BatonCliError(
    finished === 0
      ? `${file.path}: no finished syncs found - cannot diff`
      : `${file.path}: cannot diff a single sync run (diff compares the latest finished sync with the one before it)`,
  );
}
