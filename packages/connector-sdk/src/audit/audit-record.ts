import type { ExpectedChange, JournalWrite } from "../http/write-journal.js";

/** What a line of the audit log is about. */
export type AuditEventKind = "grant" | "revoke" | "lease" | "expiry";

/** Who asked for it: a one-shot run, a ConductorOne task, a lease's expiry, or a library call. */
export type AuditSource = "one-shot" | "service-task" | "lease-expiry" | "library";

/** The lease a line is about (times as ISO 8601, UTC). */
export interface AuditLease {
  readonly id: number;
  readonly grantedAt: string;
  readonly expiresAt: string;
  readonly reason?: string;
}

/**
 * One event of the audit log. `outcome` is the result in one word: `granted`, `already-exists`,
 * `revoked`, `already-revoked`, `failed`, `would-grant` / `would-revoke` (dry run) for grants and
 * revokes; `opened`, `extended`, `closed`, `not-opened` for leases.
 */
export interface AuditRecord {
  readonly event: AuditEventKind;
  readonly outcome: string;
  readonly source: AuditSource;
  readonly entitlement?: string;
  /** `<resource type>:<resource id>`. */
  readonly principal?: string;
  readonly grant?: string;
  readonly lease?: AuditLease;
  /** Why the grant was asked for (`--grant-reason`). */
  readonly reason?: string;
  /** Why a lease closed, or why none was opened. */
  readonly detail?: string;
  readonly dryRun?: boolean;
  /** The API writes made (in a dry run: the writes that would be made, `sent: false`). */
  readonly writes?: readonly JournalWrite[];
  /** A dry run's expected differences, per change. */
  readonly expected?: readonly ExpectedChange[];
  /** The error, for `failed`. */
  readonly error?: string;
  /** The ConductorOne task, for `service-task`. */
  readonly taskId?: string;
}
