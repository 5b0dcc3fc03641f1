import { create, type Grant, GrantSchema } from "@baton-ts/protocol";
import type { RevokeOutcome } from "../contract/provisioning.js";
import { WriteJournal, withWriteJournal } from "../http/write-journal.js";
import type { Logger } from "../log/logger.js";
import type { Lease } from "./lease.js";
import type { LeaseStore } from "./lease-store.js";
import { auditLease, type LeaseAudit } from "./with-lease.js";

export interface ExpireLeasesOptions {
  readonly store: LeaseStore;
  /** Revokes one grant through the connector (the engine's `revokeGrant`). */
  readonly revoke: (grant: Grant) => Promise<RevokeOutcome>;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly audit?: LeaseAudit;
  readonly signal?: AbortSignal;
}

export interface ExpiryReport {
  /** Leases whose access was revoked now. */
  readonly revoked: readonly Lease[];
  /** Leases whose access was already gone. */
  readonly alreadyRevoked: readonly Lease[];
  /** Leases whose revoke failed: still open, tried again on the next run. */
  readonly failed: readonly { readonly lease: Lease; readonly error: string }[];
  /** Leases a new grant extended while their revoke ran: still open, until their new end. */
  readonly extended: readonly Lease[];
}

/** The grant a lease covers, whole (entitlement and principal as they were granted). */
export const grantOfLease = (lease: Lease): Grant =>
  create(GrantSchema, { id: lease.grantId, entitlement: lease.entitlement, principal: lease.principal });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Revokes the access of every lease that is due, one after the other, and closes each lease only after
 * the connector confirmed its revoke (already-revoked counts as done). A failure leaves the lease open
 * for the next run and does not stop the others. A process killed after a revoke and before the close
 * revokes again next time, and the connector answers already-revoked.
 */
export const expireLeases = async (options: ExpireLeasesOptions): Promise<ExpiryReport> => {
  const now = options.now ?? Date.now;
  const report = {
    revoked: [] as Lease[],
    alreadyRevoked: [] as Lease[],
    failed: [] as { lease: Lease; error: string }[],
    extended: [] as Lease[],
  };
  for (const lease of options.store.due(now())) {
    if (options.signal?.aborted === true) break;
    const journal = new WriteJournal(false);
    const common = {
      source: options.audit?.source ?? ("lease-expiry" as const),
      entitlement: lease.entitlementId,
      principal: `${lease.principalType}:${lease.principalId}`,
      grant: lease.grantId,
      lease: auditLease(lease),
    };
    let outcome: RevokeOutcome;
    try {
      outcome = await withWriteJournal(journal, () => options.revoke(grantOfLease(lease)));
    } catch (error) {
      const message = messageOf(error);
      report.failed.push({ lease, error: message });
      options.logger.error(
        `revoking the expired lease of ${lease.grantId} failed; it stays open and is tried again`,
        {
          lease: lease.id,
          error: message,
        },
      );
      options.audit?.log.record({
        event: "expiry",
        outcome: "failed",
        ...common,
        writes: journal.writes,
        error: message,
      });
      continue;
    }
    const gone = outcome.kind === "already-revoked";
    const closed = options.store.closeLease(
      lease.id,
      gone ? "expired-already-revoked" : "expired",
      now(),
      lease.expiresAt,
    );
    options.audit?.log.record({ event: "expiry", outcome: outcome.kind, ...common, writes: journal.writes });
    if (!closed) {
      report.extended.push(lease);
      options.logger.warn(
        `the lease of ${lease.grantId} was extended while its expired access was being revoked: the access is gone; grant it again to restore it`,
        { lease: lease.id },
      );
      continue;
    }
    options.audit?.log.record({
      event: "lease",
      outcome: "closed",
      ...common,
      detail: gone ? "expired; the access was already gone" : "expired; the access was revoked",
    });
    options.logger.info(
      gone ? "lease expired; the access was already gone" : "lease expired; access revoked",
      {
        lease: lease.id,
        grant: lease.grantId,
      },
    );
    (gone ? report.alreadyRevoked : report.revoked).push(lease);
  }
  return report;
};
