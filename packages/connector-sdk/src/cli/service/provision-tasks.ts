import {
  create,
  GrantAlreadyExistsSchema,
  GrantAlreadyRevokedSchema,
  GrantManagerServiceGrantResponseSchema,
  GrantManagerServiceRevokeResponseSchema,
} from "@baton-ts/protocol";
import type { Task_GrantTask, Task_RevokeTask } from "@baton-ts/protocol/service";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { grantEntitlement, revokeGrant } from "../../engine/provision.js";
import type { Logger } from "../../log/logger.js";
import { GrpcCode } from "./errors.js";
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
export const runGrantTask = async (
  ctx: ServiceContext,
  task: Task_GrantTask,
  logger: Logger,
  signal: AbortSignal,
): Promise<TaskOutcome> => {
  if (!ctx.provisioning) return provisioningOff;
  const { entitlement, principal } = task;
  if (entitlement === undefined || entitlement.id === "" || entitlement.resource?.id === undefined) {
    return malformed("the grant task has no entitlement (with its resource)");
  }
  if (principal?.id === undefined || principal.id.resource === "") {
    return malformed("the grant task has no principal");
  }
  try {
    const outcome = await grantEntitlement({
      connector: ctx.connector,
      client: await ctx.connect(),
      entitlement,
      principal,
      logger,
      signal,
    });
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
  try {
    const outcome = await revokeGrant({
      connector: ctx.connector,
      client: await ctx.connect(),
      grant,
      logger,
      signal,
    });
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
