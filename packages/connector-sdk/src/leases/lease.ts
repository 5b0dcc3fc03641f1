import type { Entitlement, Resource } from "@baton-ts/protocol";

/**
 * Where a lease is in its life:
 * - `granting`: written before the grant is asked for. If the process dies before the grant's answer,
 *   the access may exist, so the lease counts as open and is revoked when due (already-revoked is done).
 * - `active`: the connector confirmed the grant.
 * - `closed`: the connector confirmed the revoke (or the grant failed, or the access was not ours).
 */
export type LeaseState = "granting" | "active" | "closed";

/** How a lease closed. */
export type LeaseClosure =
  /** The lease expired and the access was revoked. */
  | "expired"
  /** The lease expired, and the access was already gone. */
  | "expired-already-revoked"
  /** Someone revoked the grant (a one-shot revoke, a ConductorOne revoke task) before it expired. */
  | "revoked"
  /** The grant failed: there is no access to end. */
  | "grant-failed"
  /** The principal held the entitlement before, outside any lease: it is not ours to end. */
  | "held-before";

/** A time-bound grant: the access ends when `expiresAt` passes. */
export interface Lease {
  readonly id: number;
  /** Baton's grant id: `<entitlement id>:<principal type>:<principal id>`. */
  readonly grantId: string;
  readonly entitlementId: string;
  readonly principalType: string;
  readonly principalId: string;
  /** The full entitlement and principal, kept so the revoke needs no c1z. */
  readonly entitlement: Entitlement;
  readonly principal: Resource;
  /** Epoch milliseconds. */
  readonly grantedAt: number;
  readonly expiresAt: number;
  readonly reason: string | undefined;
  readonly state: LeaseState;
  readonly closedAt: number | undefined;
  readonly closedAs: LeaseClosure | undefined;
}

/** Baton's grant id of an entitlement held by a principal. */
export const grantIdOf = (entitlementId: string, principalType: string, principalId: string): string =>
  `${entitlementId}:${principalType}:${principalId}`;
