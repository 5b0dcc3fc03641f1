export { defaultLeaseStorePath } from "./default-path.js";
export { DURATION_HINT, formatDuration, parseDuration } from "./duration.js";
export { type ExpireLeasesOptions, type ExpiryReport, expireLeases, grantOfLease } from "./expire-leases.js";
export { grantIdOf, type Lease, type LeaseClosure, type LeaseState } from "./lease.js";
export { type BeginLease, type BeginResult, LeaseStore } from "./lease-store.js";
export {
  auditLease,
  closeLeaseAfterRevoke,
  grantUnderLease,
  type LeaseAudit,
  type LeasedGrant,
  type LeaseOutcome,
  type LeaseRequest,
} from "./with-lease.js";
