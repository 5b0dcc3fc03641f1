import { existsSync } from "node:fs";
import type { Entitlement, Grant, Resource } from "@baton-ts/protocol";
import type { AuditRecord } from "../../audit/audit-record.js";
import type { AnyConnectorDefinition } from "../../contract/connector.js";
import type { GrantOutcome, RevokeOutcome } from "../../contract/provisioning.js";
import {
  grantEntitlement,
  grantTargetOf,
  readGrantTarget,
  readRevokeTarget,
  revokeGrant,
} from "../../engine/provision.js";
import { isConnectorError } from "../../errors.js";
import { WriteJournal, withWriteJournal } from "../../http/write-journal.js";
import { formatDuration } from "../../leases/duration.js";
import { grantOfLease } from "../../leases/expire-leases.js";
import { grantIdOf } from "../../leases/lease.js";
import { LeaseStore } from "../../leases/lease-store.js";
import { closeLeaseAfterRevoke, grantUnderLease, type LeasedGrant } from "../../leases/with-lease.js";
import type { Logger } from "../../log/logger.js";
import type { OneShotAction } from "../one-shot-action.js";
import type { ProvisioningOptions } from "../provisioning-options.js";
import { dryRunDetails } from "./dry-run-report.js";

export interface ProvisionModeInput {
  readonly connector: AnyConnectorDefinition;
  readonly client: unknown;
  readonly file: string;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly stdout: NodeJS.WritableStream;
  readonly tempDir?: string | undefined;
  readonly options: ProvisioningOptions;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs one grant or revoke with a write journal: the audit log gets one line with what was written
 * (or, in a dry run, what would be), also when it fails; the journal is returned for the printout.
 */
const journaled = async <T extends GrantOutcome | RevokeOutcome>(
  input: ProvisionModeInput,
  line: Omit<AuditRecord, "outcome" | "source">,
  outcomeWord: (outcome: T) => string,
  work: () => Promise<T>,
): Promise<{ outcome: T; journal: WriteJournal }> => {
  const journal = new WriteJournal(input.options.dryRun);
  const common = { ...line, source: "one-shot" as const, ...(journal.dryRun ? { dryRun: true } : {}) };
  try {
    const outcome = await withWriteJournal(journal, work);
    input.options.audit.record({
      ...common,
      outcome: outcomeWord(outcome),
      writes: journal.writes,
      ...(journal.dryRun ? { expected: journal.expected } : {}),
    });
    return { outcome, journal };
  } catch (error) {
    input.options.audit.record({
      ...common,
      outcome: "failed",
      writes: journal.writes,
      error: messageOf(error),
    });
    if (journal.dryRun && journal.writes.length > 0) input.stdout.write(dryRunDetails(journal.writes, []));
    throw error;
  }
};

/**
 * One-shot grant: the entitlement and principal are read from the c1z at `--file` (as Baton's CLI
 * does), then the connector writes. "Already held" is a success that changed nothing. With
 * `--grant-duration` the grant is recorded as a lease first; with `--dry-run` nothing is written.
 */
export const runGrantMode = async (
  input: ProvisionModeInput,
  action: Extract<OneShotAction, { kind: "grant" }>,
): Promise<void> => {
  const { options } = input;
  const principalKey = `${action.principal.type}:${action.principal.id}`;
  const line = {
    event: "grant" as const,
    entitlement: action.entitlementId,
    principal: principalKey,
    grant: grantIdOf(action.entitlementId, action.principal.type, action.principal.id),
    ...(options.grantReason === undefined ? {} : { reason: options.grantReason }),
  };
  let target: { entitlement: Entitlement; principal: Resource };
  try {
    target = await readGrantTarget({
      file: input.file,
      entitlementId: action.entitlementId,
      principal: action.principal,
      ...(input.tempDir === undefined ? {} : { tempDir: input.tempDir }),
    });
  } catch (error) {
    options.audit.record({ ...line, source: "one-shot", outcome: "failed", error: messageOf(error) });
    throw error;
  }
  const what = `${describeEntitlement(target.entitlement)} to ${describeResource(target.principal)}`;
  const grantWord = (outcome: GrantOutcome): string =>
    options.dryRun ? (outcome.kind === "granted" ? "would-grant" : "already-exists") : outcome.kind;
  const grantJournaled = () =>
    journaled(input, line, grantWord, () =>
      grantEntitlement({
        ...target,
        connector: input.connector,
        client: input.client,
        logger: input.logger,
        signal: input.signal,
      }),
    );
  const grant = async (): Promise<GrantOutcome> => (await grantJournaled()).outcome;

  if (options.dryRun) {
    const { outcome, journal } = await grantJournaled();
    input.stdout.write(
      outcome.kind === "granted"
        ? `Dry run: would grant ${what}; nothing was written\n`
        : `Dry run: already granted: ${what} (no write needed)\n`,
    );
    input.stdout.write(dryRunDetails(journal.writes, journal.expected));
    if (options.grantDurationMs !== undefined) input.stdout.write(`${dryRunLease(input, line.grant)}\n`);
    return;
  }

  if (options.grantDurationMs === undefined) {
    const outcome = await grant();
    input.stdout.write(
      outcome.kind === "granted" ? `Granted ${what}\n` : `Already granted: ${what} (nothing changed)\n`,
    );
    return;
  }
  const store = LeaseStore.open(options.leaseStorePath);
  try {
    const leased = await grantUnderLease(
      target,
      { store, durationMs: options.grantDurationMs, reason: options.grantReason },
      grant,
      { log: options.audit, source: "one-shot" },
    );
    input.stdout.write(
      leased.outcome.kind === "granted"
        ? `Granted ${what}\n`
        : `Already granted: ${what} (nothing changed)\n`,
    );
    input.stdout.write(`${leaseLine(leased, options.leaseStorePath)}\n`);
  } finally {
    store.close();
  }
};

const leaseLine = (leased: LeasedGrant, path: string): string => {
  const lease = leased.lease;
  if (leased.leaseOutcome === "not-opened" || lease === undefined) {
    return "No lease: the principal already held this entitlement outside any lease, so that access is not ended";
  }
  const until = `${new Date(lease.expiresAt).toISOString()} (in ${formatDuration(lease.expiresAt - Date.now())})`;
  return leased.leaseOutcome === "extended"
    ? `Lease ${lease.id} extended: ends ${until}; kept in ${path}`
    : `Lease ${lease.id} opened: ends ${until}; kept in ${path}`;
};

/** What a lease would become, read from the store if it exists (a dry run creates nothing). */
const dryRunLease = (input: ProvisionModeInput, grantId: string): string => {
  const durationMs = input.options.grantDurationMs ?? 0;
  const ends = new Date(Date.now() + durationMs).toISOString();
  const store = existingLeaseStore(input.options.leaseStorePath);
  try {
    const open = store?.openLeaseFor(grantId);
    return open === undefined
      ? `Lease: would open one ending ${ends} (${formatDuration(durationMs)}), unless the principal already holds the entitlement`
      : `Lease: would extend lease ${open.id} to end at the later of ${new Date(open.expiresAt).toISOString()} and ${ends}`;
  } finally {
    store?.close();
  }
};

/**
 * One-shot revoke of a grant id read from the c1z at `--file` (or, for a grant made under a lease
 * since the last sync, from its open lease). "Already gone" is a success. The grant's open lease, if
 * any, closes once the connector confirms.
 */
export const runRevokeMode = async (
  input: ProvisionModeInput,
  action: Extract<OneShotAction, { kind: "revoke" }>,
): Promise<void> => {
  const { options } = input;
  const line = { event: "revoke" as const, grant: action.grantId };
  let grant: Grant;
  try {
    grant = await readRevokeTarget({
      file: input.file,
      grantId: action.grantId,
      ...(input.tempDir === undefined ? {} : { tempDir: input.tempDir }),
    }).catch((error: unknown) => {
      // A grant made under a lease after the last sync is not in the c1z, but its lease holds it whole.
      const leased = leasedGrant(options.leaseStorePath, action.grantId);
      if (leased === undefined || !isConnectorError(error) || error.code !== "not-found") throw error;
      return leased;
    });
  } catch (error) {
    options.audit.record({ ...line, source: "one-shot", outcome: "failed", error: messageOf(error) });
    throw error;
  }
  const target = grantTargetOf(grant);
  const full = {
    ...line,
    entitlement: target.entitlementId,
    principal: `${target.principalType}:${target.principalId}`,
  };
  const { outcome, journal } = await journaled(
    input,
    full,
    (result: RevokeOutcome) =>
      options.dryRun ? (result.kind === "revoked" ? "would-revoke" : "already-revoked") : result.kind,
    () =>
      revokeGrant({
        connector: input.connector,
        client: input.client,
        grant,
        logger: input.logger,
        signal: input.signal,
      }),
  );
  const entitlement =
    grant.entitlement === undefined ? action.grantId : describeEntitlement(grant.entitlement);
  const principal = grant.principal === undefined ? "its principal" : describeResource(grant.principal);
  const what = `${entitlement} from ${principal}`;
  if (options.dryRun) {
    input.stdout.write(
      outcome.kind === "revoked"
        ? `Dry run: would revoke ${what}; nothing was written\n`
        : `Dry run: already revoked: ${what} (no write needed)\n`,
    );
    input.stdout.write(dryRunDetails(journal.writes, journal.expected));
    return;
  }
  input.stdout.write(
    outcome.kind === "revoked" ? `Revoked ${what}\n` : `Already revoked: ${what} (nothing changed)\n`,
  );
  const store = existingLeaseStore(options.leaseStorePath);
  if (store === undefined) return;
  try {
    const closed = closeLeaseAfterRevoke(store, target, Date.now(), {
      log: options.audit,
      source: "one-shot",
    });
    if (closed !== undefined) input.stdout.write(`Lease ${closed.id} closed (revoked before it expired)\n`);
  } finally {
    store.close();
  }
};

/** The lease store if it exists (a revoke or a dry run never creates one). */
const existingLeaseStore = (path: string): LeaseStore | undefined =>
  existsSync(path) ? LeaseStore.open(path) : undefined;

/** The grant an open lease covers, if the lease store exists and has one for `grantId`. */
const leasedGrant = (path: string, grantId: string): Grant | undefined => {
  const store = existingLeaseStore(path);
  try {
    const lease = store?.openLeaseFor(grantId);
    return lease === undefined ? undefined : grantOfLease(lease);
  } finally {
    store?.close();
  }
};

const describeEntitlement = (entitlement: Entitlement): string =>
  entitlement.displayName === "" ? entitlement.id : `"${entitlement.displayName}" (${entitlement.id})`;

const describeResource = (resource: Resource): string => {
  const key = resource.id === undefined ? "?" : `${resource.id.resourceType}:${resource.id.resource}`;
  return resource.displayName === "" ? key : `"${resource.displayName}" (${key})`;
};
