import type { Entitlement, Resource } from "@baton-ts/protocol";
import type { AuditLog } from "../audit/audit-log.js";
import type { AuditLease, AuditSource } from "../audit/audit-record.js";
import type { GrantOutcome } from "../contract/provisioning.js";
import { currentWriteJournal, WriteJournal, withWriteJournal } from "../http/write-journal.js";
import { grantIdOf, type Lease } from "./lease.js";
import type { LeaseStore } from "./lease-store.js";

/** A grant that must end: how long, why, and where the lease is kept. */
export interface LeaseRequest {
  readonly store: LeaseStore;
  /** How long the access lasts from now, in milliseconds. */
  readonly durationMs: number;
  readonly reason?: string | undefined;
  /** The clock (epoch ms); tests pass their own. */
  readonly now?: () => number;
}

/** What happened to the lease of a grant. */
export type LeaseOutcome =
  /** A new lease: the access ends at its `expiresAt`. */
  | "opened"
  /** An open lease covered the grant already; it now ends at the later of both ends. */
  | "extended"
  /** The principal held the entitlement outside any lease: no lease, the access is not ours to end. */
  | "not-opened";

export interface LeasedGrant {
  readonly outcome: GrantOutcome;
  readonly leaseOutcome: LeaseOutcome;
  /** The open lease (undefined when none was opened). */
  readonly lease: Lease | undefined;
}

export interface LeaseAudit {
  readonly log: AuditLog;
  readonly source: AuditSource;
  readonly taskId?: string;
}

/** A lease as the audit log shows it. */
export const auditLease = (lease: Lease): AuditLease => ({
  id: lease.id,
  grantedAt: new Date(lease.grantedAt).toISOString(),
  expiresAt: new Date(lease.expiresAt).toISOString(),
  ...(lease.reason === undefined ? {} : { reason: lease.reason }),
});

const principalKey = (principal: Resource): string =>
  `${principal.id?.resourceType ?? ""}:${principal.id?.resource ?? ""}`;

/**
 * Makes a grant that ends. The lease is written first (state `granting`), then the connector grants,
 * then the lease is confirmed: a process killed between the grant and the confirmation leaves an
 * open lease, so the access it may have granted is still revoked when due. An open lease that already
 * covers the grant is extended. When the principal held the entitlement outside any lease, no lease is
 * kept (ending access someone else gave is not this grant's business) and `not-opened` says so. A
 * grant that fails before sending any write closes the new lease; one that fails after a write went
 * out (the access may exist) keeps it open, so the access still ends when due. Either way it rethrows.
 */
export const grantUnderLease = async (
  target: { readonly entitlement: Entitlement; readonly principal: Resource },
  request: LeaseRequest,
  grant: () => Promise<GrantOutcome>,
  audit?: LeaseAudit,
): Promise<LeasedGrant> => {
  const now = request.now ?? Date.now;
  const started = now();
  const expiresAt = started + request.durationMs;
  const begun = request.store.begin({
    entitlement: target.entitlement,
    principal: target.principal,
    now: started,
    expiresAt,
    reason: request.reason,
  });
  const record = (leaseOutcome: string, lease: Lease, detail?: string): void =>
    audit?.log.record({
      event: "lease",
      outcome: leaseOutcome,
      source: audit.source,
      entitlement: target.entitlement.id,
      principal: principalKey(target.principal),
      grant: lease.grantId,
      lease: auditLease(lease),
      ...(detail === undefined ? {} : { detail }),
      ...(audit.taskId === undefined ? {} : { taskId: audit.taskId }),
    });
  // The writes of the grant tell whether a failed grant may still have granted something.
  const journal = currentWriteJournal() ?? new WriteJournal(false);
  const mark = journal.writes.length;
  let outcome: GrantOutcome;
  try {
    outcome = await withWriteJournal(journal, grant);
  } catch (error) {
    if (begun.kind === "new") {
      if (journal.sentSince(mark)) {
        // A write went out before the failure (a conflict on read-back, a timeout): the access may
        // exist, so the lease stays open and the access is revoked when due (already-revoked is fine).
        record(
          "kept-open",
          begun.lease,
          "the grant failed after a write was sent; the lease stays open so that access ends when due",
        );
      } else {
        request.store.closeLease(begun.lease.id, "grant-failed", now());
        record("not-opened", begun.lease, "the grant failed before any write");
      }
    }
    throw error;
  }
  if (begun.kind === "open") {
    const lease = request.store.extend(begun.lease.id, expiresAt, request.reason);
    record("extended", lease);
    return { outcome, leaseOutcome: "extended", lease };
  }
  if (outcome.kind === "already-exists") {
    request.store.closeLease(begun.lease.id, "held-before", now());
    record(
      "not-opened",
      begun.lease,
      "the principal already held the entitlement outside any lease; that access is not ended",
    );
    return { outcome, leaseOutcome: "not-opened", lease: undefined };
  }
  const lease = request.store.activate(begun.lease.id);
  record("opened", lease);
  return { outcome, leaseOutcome: "opened", lease };
};

/**
 * After a revoke the connector confirmed (revoked or already gone): the grant's open lease, if any,
 * closes as `revoked`. Returns the lease it closed.
 */
export const closeLeaseAfterRevoke = (
  store: LeaseStore,
  target: { readonly entitlementId: string; readonly principalType: string; readonly principalId: string },
  now: number,
  audit?: LeaseAudit,
): Lease | undefined => {
  const grantId = grantIdOf(target.entitlementId, target.principalType, target.principalId);
  const open = store.openLeaseFor(grantId);
  if (open === undefined || !store.closeLease(open.id, "revoked", now)) return undefined;
  audit?.log.record({
    event: "lease",
    outcome: "closed",
    source: audit.source,
    entitlement: target.entitlementId,
    principal: `${target.principalType}:${target.principalId}`,
    grant: grantId,
    lease: auditLease(open),
    detail: "revoked before it expired",
    ...(audit.taskId === undefined ? {} : { taskId: audit.taskId }),
  });
  return open;
};
