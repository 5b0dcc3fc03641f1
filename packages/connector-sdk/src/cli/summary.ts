import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { SyncSummary } from "../engine/sync.js";

const count = (n: number): string => n.toLocaleString("en-US");

/** The human-readable lines printed on stdout after a sync (the structured ones are in the logs). */
export const formatSyncSummary = (
  connector: AnyConnectorDefinition,
  file: string,
  summary: SyncSummary,
): string => {
  const perType = Object.entries(summary.resources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `${type} ${count(n)}`)
    .join(", ");
  const total = Object.values(summary.resources).reduce((sum, n) => sum + n, 0);
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const resumed = summary.resumed ? ", resumed after an interruption" : "";
  return [
    `Synced ${connector.metadata.displayName} into ${file} in ${seconds} s (sync ${summary.syncId}${resumed})`,
    `  resources:    ${count(total)}${perType === "" ? "" : ` (${perType})`}`,
    `  entitlements: ${count(summary.entitlements)}`,
    `  grants:       ${count(summary.grants)} (${count(summary.expandedGrants)} of them derived by grant expansion)`,
    ...(summary.droppedGrants > 0
      ? [`  left out:     ${count(summary.droppedGrants)} grants on entitlements the sync did not list`]
      : []),
    "",
  ].join("\n");
};
