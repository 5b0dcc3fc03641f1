import type { AuditLog } from "../../audit/audit-log.js";
import type { AnyConnectorDefinition } from "../../contract/connector.js";
import type { LeaseStore } from "../../leases/lease-store.js";
import type { Logger } from "../../log/logger.js";
import type { BatonServiceClient } from "./baton-service-client.js";

/** What every task handler of service mode needs; built once at start. */
export interface ServiceContext {
  readonly connector: AnyConnectorDefinition;
  /**
   * A fresh connector client for one task (`connect` does no I/O). Not one client for the whole process:
   * a connector may keep per-sync state in its client (caches filled while listing), which must neither
   * grow across tasks nor serve one task's stale view to the next.
   */
  readonly connect: () => Promise<unknown>;
  readonly c1: BatonServiceClient;
  readonly logger: Logger;
  /** -p / BATON_PROVISIONING: grant and revoke tasks are refused without it. */
  readonly provisioning: boolean;
  /** --skip-full-sync: sync tasks upload an empty finished sync. */
  readonly skipFullSync: boolean;
  /** An existing directory for the temporary c1z of each sync task. */
  readonly tempDir: string;
  /** --workers: connector calls in flight within one sync. */
  readonly workers: number;
  /** --sync-resource-types, used when a sync task names none. */
  readonly syncResourceTypes: readonly string[];
  /** Where grants and revokes are reported (`--audit-log`). */
  readonly audit: AuditLog;
  /**
   * The lease store, with `--enforce-grant-duration` or `--lease-store`: due leases are revoked on a
   * timer, and a revoke task closes its grant's lease.
   */
  readonly leases?: {
    readonly store: LeaseStore;
    /** `--enforce-grant-duration`: a grant task with a duration also gets a lease. */
    readonly enforce: boolean;
  };
}
