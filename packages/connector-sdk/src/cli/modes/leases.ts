import { existsSync } from "node:fs";
import type { AnyConnectorDefinition } from "../../contract/connector.js";
import { revokeGrant } from "../../engine/provision.js";
import { ConnectorError } from "../../errors.js";
import { formatDuration } from "../../leases/duration.js";
import { expireLeases } from "../../leases/expire-leases.js";
import type { Lease } from "../../leases/lease.js";
import { LeaseStore } from "../../leases/lease-store.js";
import type { Logger } from "../../log/logger.js";
import type { ProvisioningOptions } from "../provisioning-options.js";

const missing = (path: string): string => `No leases: the lease store ${path} does not exist yet\n`;

const when = (ms: number, now: number): string => {
  const at = new Date(ms).toISOString();
  return ms <= now ? `${at} (due: 'leases expire' revokes it)` : `${at} (in ${formatDuration(ms - now)})`;
};

/** A table with columns padded to their widest cell (a few rows: no table library needed). */
const table = (rows: readonly (readonly string[])[]): string => {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

/** `leases`: the open leases, soonest end first. Reads only the lease store: no credentials needed. */
export const runLeasesListMode = (input: {
  readonly leaseStorePath: string;
  readonly stdout: NodeJS.WritableStream;
  readonly now?: number;
}): void => {
  const path = input.leaseStorePath;
  if (!existsSync(path)) {
    input.stdout.write(missing(path));
    return;
  }
  const store = LeaseStore.open(path);
  try {
    const open = store.open();
    const now = input.now ?? Date.now();
    if (open.length === 0) {
      input.stdout.write(`No open leases in ${path}\n`);
      return;
    }
    const rows = [
      ["LEASE", "GRANT", "ENDS", "GRANTED", "REASON"],
      ...open.map((lease: Lease) => [
        String(lease.id),
        lease.grantId + (lease.state === "granting" ? " (grant unconfirmed)" : ""),
        when(lease.expiresAt, now),
        new Date(lease.grantedAt).toISOString(),
        lease.reason ?? "",
      ]),
    ];
    input.stdout.write(
      `${open.length} open lease${open.length === 1 ? "" : "s"} in ${path}:\n${table(rows)}\n`,
    );
  } finally {
    store.close();
  }
};

export interface LeasesExpireInput {
  readonly connector: AnyConnectorDefinition;
  readonly client: unknown;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly stdout: NodeJS.WritableStream;
  readonly options: ProvisioningOptions;
}

/**
 * `leases expire`: revokes the access of every due lease and exits (for a CronJob or a shell). A
 * lease closes only once the connector confirms; a failed revoke leaves it open and the run fails.
 */
export const runLeasesExpireMode = async (input: LeasesExpireInput): Promise<void> => {
  const path = input.options.leaseStorePath;
  if (!existsSync(path)) {
    input.stdout.write(missing(path));
    return;
  }
  const store = LeaseStore.open(path);
  try {
    const report = await expireLeases({
      store,
      logger: input.logger,
      signal: input.signal,
      audit: { log: input.options.audit, source: "lease-expiry" },
      revoke: (grant) =>
        revokeGrant({
          connector: input.connector,
          client: input.client,
          grant,
          logger: input.logger,
          signal: input.signal,
        }),
    });
    for (const lease of report.revoked)
      input.stdout.write(`Revoked ${lease.grantId} (lease ${lease.id} expired)\n`);
    for (const lease of report.alreadyRevoked)
      input.stdout.write(`Already gone: ${lease.grantId} (lease ${lease.id} expired; nothing to revoke)\n`);
    for (const lease of report.extended)
      input.stdout.write(
        `Revoked ${lease.grantId}, but lease ${lease.id} was extended meanwhile: grant it again\n`,
      );
    const done = report.revoked.length + report.alreadyRevoked.length;
    input.stdout.write(
      `${done} expired lease${done === 1 ? "" : "s"} closed; ${store.open().length} still open in ${path}\n`,
    );
    if (report.failed.length > 0) {
      throw new ConnectorError(
        "unavailable",
        `${report.failed.length} expired lease${report.failed.length === 1 ? "" : "s"} could not be revoked and stay open (run 'leases expire' again): ${report.failed
          .map(({ lease, error }) => `${lease.grantId}: ${error}`)
          .join("; ")}`,
      );
    }
  } finally {
    store.close();
  }
};
