/** How many finished syncs cleanup keeps, from the caller or Baton's environment variables. */
export interface Retention {
  skip: boolean;
  keep: number;
}

const DEFAULT_KEEP = 2;

/**
 * BATON_SKIP_CLEANUP=true disables cleanup (it wins over an explicit `keep`, since it is the operator's
 * switch); otherwise `keep` comes from the caller, then BATON_KEEP_SYNC_COUNT, then Baton's default of 2.
 */
export function retentionFrom(keep: number | undefined, env: NodeJS.ProcessEnv = process.env): Retention {
  if ((env.BATON_SKIP_CLEANUP ?? "").trim().toLowerCase() === "true") return { skip: true, keep: 0 };
  if (keep !== undefined) return { skip: false, keep: validKeep(keep, "cleanup({ keep })") };
  const raw = env.BATON_KEEP_SYNC_COUNT;
  if (raw === undefined || raw.trim() === "") return { skip: false, keep: DEFAULT_KEEP };
  return { skip: false, keep: validKeep(Number(raw), `BATON_KEEP_SYNC_COUNT ("${raw}")`) };
}

function validKeep(value: number, source: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${source} must be a whole number of syncs to keep, at least 1`);
  }
  return value;
}
