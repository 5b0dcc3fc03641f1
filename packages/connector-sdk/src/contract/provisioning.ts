import type { Grant } from "@baton-ts/protocol";

/** Outcome of a grant. A failure is a thrown ConnectorError, never an outcome. */
export type GrantOutcome =
  | { readonly kind: "granted"; readonly grants?: readonly Grant[] }
  /** The principal already held the entitlement; nothing was written. */
  | { readonly kind: "already-exists" };

/** Outcome of a revoke. A failure is a thrown ConnectorError, never an outcome. */
export type RevokeOutcome =
  | { readonly kind: "revoked" }
  /** The principal no longer held the entitlement; nothing was written. */
  | { readonly kind: "already-revoked" };
