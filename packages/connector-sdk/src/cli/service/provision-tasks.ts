import {
  create,
  GrantAlreadyExistsSchema,
  GrantAlreadyRevokedSchema,
  GrantManagerServiceGrantResponseSchema,
  GrantManagerServiceRevokeResponseSchema,
} from "@baton-ts/protocol";
import type { Task_GrantTask, Task_RevokeTask } from "@baton-ts/protocol/service";
import { anyPack } from "@bufbuild/protobuf/wkt";
import type { AuditRecord } from "../../audit/audit-record.js";
import type { GrantOutcome, RevokeOutcome } from "../../contract/provisioning.js";
import { grantEntitlement, grantTargetOf, revokeGrant } from "../../engine/provision.js";
import { WriteJournal, withWriteJournal } from "../../http/write-journal.js";
import { grantIdOf } from "../../leases/lease.js";
import { closeLeaseAfterRevoke, grantUnderLease } from "../../leases/with-lease.js";
import type { Logger } from "../../log/logger.js";
import { GrpcCode } from "./errors.js";
import { durationMillis } from "./proto-duration.js";
import type { ServiceContext } from "./service-context.js";
import { failedOutcome, packed, type TaskOutcome } from "./task-outcome.js";

/** baton-sdk's answer to a provisioning task while provisioning is off: FailedPrecondition, not retried. */
const provisioningOff: TaskOutcome = {
  kind: "error",
  code: GrpcCode.failedPrecondition,
  message:
    "provisioning is not enabled: set BATON_PROVISIONING=true (or pass -p) for this connector to change access",
  nonRetryable: true,
  result: "provisioning-disabled",
};

const malformed = (message: string): TaskOutcome => ({
  kind: "error",
  code: GrpcCode.invalidArgument,
  message,
  nonRetryable: true,
  result: "malformed-task",
});

/**
 * A grant task: the entitlement and principal come in the task (there is no c1z to read). "Already
 * held" is a success carrying Baton's GrantAlreadyExists annotation; the connector response is
 * GrantManagerService's GrantResponse, as baton-sdk answers. Any connector failure is final
 * (non_retryable), as in baton-sdk: an access change is not repeated behind the requester's back.
 */
/** Runs a grant or revoke with a write journal, and reports it in the audit log (also when it fails). */
const audited = async <T extends GrantOutcome | RevokeOutcome>(
  ctx: ServiceContext,
  line: Omit<AuditRecord, "outcome" | "source" | "writes">,
  work: () => Promise<T>,
): Promise<T> => {
  const journal = new WriteJournal(false);
  try {
    const outcome = await withWriteJournal(journal, work);
    ctx.audit.record({ ...line, source: "service-task", outcome: outcome.kind, writes: journal.writes });
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.audit.record({
      ...line,
      source: "service-task",
      outcome: "failed",
      writes: journal.writes,
      error: message,
    });
    throw error;
  }
};

export const runGrantTask = async (
  ctx: ServiceContext,
  task: Task_GrantTask,
  logger: Logger,
  signal: AbortSignal,
  taskId = "",
): Promise<TaskOutcome> => {
  if (!ctx.provisioning) return provisioningOff;
  const { entitlement, principal } = task;
  if (entitlement === undefined || entitlement.id === "" || entitlement.resource?.id === undefined) {
    return malformed("the grant task has no entitlement (with its resource)");
  }
  if (principal?.id === undefined || principal.id.resource === "") {
    return malformed("the grant task has no principal");
  }
  const principalType = principal.id.resourceType;
  const line = {
    event: "grant" as const,
    entitlement: entitlement.id,
    principal: `${principalType}:${principal.id.resource}`,
    grant: grantIdOf(entitlement.id, principalType, principal.id.resource),
    taskId,
  };
  const grant = () =>
    audited(ctx, line, async () =>
      grantEntitlement({
        connector: ctx.connector,
        client: await ctx.connect(),
        entitlement,
        principal,
        logger,
        signal,
      }),
    );
  // baton-sdk drops the task's duration; with --enforce-grant-duration it becomes a lease, so the
  // access ends even if ConductorOne's revoke task never comes.
  const durationMs = durationMillis(task.duration);
  const leases = ctx.leases?.enforce === true && durationMs > 0 ? ctx.leases : undefined;
  try {
    const outcome =
      leases === undefined
        ? await grant()
        : (
            await grantUnderLease({ entitlement, principal }, { store: leases.store, durationMs }, grant, {
              log: ctx.audit,
              source: "service-task",
              taskId,
            })
          ).outcome;
    const annotations =
      outcome.kind === "already-exists"
        ? [anyPack(GrantAlreadyExistsSchema, create(GrantAlreadyExistsSchema))]
        : [];
    const grants = outcome.kind === "granted" ? [...(outcome.grants ?? [])] : [];
    return {
      kind: "success",
      annotations,
      response: packed(
        GrantManagerServiceGrantResponseSchema,
        create(GrantManagerServiceGrantResponseSchema, { annotations, grants }),
      ),
      result: outcome.kind === "granted" ? "granted" : "already-granted",
    };
  } catch (error) {
    return failedOutcome(error, true);
  }
};

/** A revoke task: the grant comes in the task. "Already gone" carries Baton's GrantAlreadyRevoked. */
export const runRevokeTask = async (
  ctx: ServiceContext,
  task: Task_RevokeTask,
  logger: Logger,
  signal: AbortSignal,
  taskId = "",
): Promise<TaskOutcome> => {
  if (!ctx.provisioning) return provisioningOff;
  const { grant } = task;
  if (
    grant === undefined ||
    grant.entitlement?.resource?.id === undefined ||
    grant.principal?.id === undefined
  ) {
    return malformed("the revoke task has no grant (with its entitlement, resource and principal)");
  }
  const target = grantTargetOf(grant);
  const line = {
    event: "revoke" as const,
    entitlement: target.entitlementId,
    principal: `${target.principalType}:${target.principalId}`,
    grant: grant.id,
    taskId,
  };
  try {
    const outcome = await audited(ctx, line, async () =>
      revokeGrant({ connector: ctx.connector, client: await ctx.connect(), grant, logger, signal }),
    );
    if (ctx.leases !== undefined) {
      closeLeaseAfterRevoke(ctx.leases.store, target, Date.now(), {
        log: ctx.audit,
        source: "service-task",
        taskId,
      });
    }
    const annotations =
      outcome.kind === "already-revoked"
        ? [anyPack(GrantAlreadyRevokedSchema, create(GrantAlreadyRevokedSchema))]
        : [];
    return {
      kind: "success",
      annotations,
      response: packed(
        GrantManagerServiceRevokeResponseSchema,
        create(GrantManagerServiceRevokeResponseSchema, { annotations }),
      ),
      result: outcome.kind === "revoked" ? "revoked" : "already-revoked",
    };
  } catch (error) {
    return failedOutcome(error, true);
  }
};
