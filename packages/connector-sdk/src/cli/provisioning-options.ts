import { type AuditLog, createAuditLog, nullAuditLog } from "../audit/audit-log.js";
import { defaultLeaseStorePath } from "../leases/default-path.js";
import { parseDuration } from "../leases/duration.js";
import type { BaseSettings } from "./settings.js";

/** The settings of provisioning beyond Baton's: a dry run, a grant's duration, the lease store, the audit log. */
export interface ProvisioningOptions {
  readonly dryRun: boolean;
  /** `--grant-duration` in milliseconds. */
  readonly grantDurationMs: number | undefined;
  readonly grantReason: string | undefined;
  /** Where the leases are: `--lease-store`, else next to `--file`. */
  readonly leaseStorePath: string;
  readonly audit: AuditLog;
}

/** The lease store of a one-shot run: `--lease-store`, else next to `--file`. */
export const leaseStorePathOf = (settings: BaseSettings): string =>
  settings.leaseStore ?? defaultLeaseStorePath(settings.file);

export const provisioningOptions = (
  settings: BaseSettings,
  io: { program: string; stdout: NodeJS.WritableStream; secrets: readonly string[] },
  leaseStoreFallback: string = defaultLeaseStorePath(settings.file),
): ProvisioningOptions => ({
  dryRun: settings.dryRun,
  grantDurationMs: settings.grantDuration === undefined ? undefined : parseDuration(settings.grantDuration),
  grantReason: settings.grantReason === "" ? undefined : settings.grantReason,
  leaseStorePath: settings.leaseStore ?? leaseStoreFallback,
  audit:
    settings.auditLog === undefined
      ? nullAuditLog
      : createAuditLog({
          target: settings.auditLog,
          stdout: io.stdout,
          program: io.program,
          secrets: io.secrets,
        }),
});
