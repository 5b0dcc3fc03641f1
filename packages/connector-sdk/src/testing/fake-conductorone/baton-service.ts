import { createHash } from "node:crypto";
import { newKsuid } from "@baton-ts/c1z";
import {
  type BatonService,
  type BatonServiceUploadAssetRequest,
  type Task,
  TaskSchema,
} from "@baton-ts/protocol/service";
import { create } from "@bufbuild/protobuf";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import {
  Code,
  ConnectError,
  createContextKey,
  type HandlerContext,
  type ServiceImpl,
} from "@connectrpc/connect";
import type { FaultSwitches } from "./fault-switches.js";
import type { FakeCallName, Observations } from "./observations.js";
import {
  validateFinishTask,
  validateGetTask,
  validateHeartbeat,
  validateHello,
  validateUploadMessage,
} from "./request-validation.js";
import type { TaskQueue } from "./task-queue.js";
import type { TokenIssuer } from "./token-issuer.js";

/** What GetTask and Heartbeat answer about timing, changeable while the fake runs. */
export interface ServiceSettings {
  nextPollMs: number;
  /** Sent as next_heartbeat by GetTask and Heartbeat when set. */
  nextHeartbeatMs: number | undefined;
  /** With nothing queued, GetTask answers no task ("absent") or a `none` task. */
  idleTask: "absent" | "none";
}

export interface BatonServiceDeps {
  readonly queue: TaskQueue;
  readonly issuer: TokenIssuer;
  readonly faults: FaultSwitches;
  readonly observations: Observations;
  readonly settings: ServiceSettings;
}

/** The HTTP version of the request an RPC arrived on (set by the server from the Node request). */
export const httpVersionKey = createContextKey<string>("unknown");

/** What one RPC learned about itself while running, for its record. */
interface CallFacts {
  hostId: string | undefined;
  taskId: string | undefined;
}

/**
 * BatonService as ConductorOne serves it. Each call goes through, in order: injected faults (they stand for a
 * load balancer or an outage, which answer before the service looks at anything), the bearer token, the proto's
 * validate rules, then the method. Every call is recorded with its outcome, refused ones included.
 */
export function batonServiceImpl(deps: BatonServiceDeps): ServiceImpl<typeof BatonService> {
  const { queue, faults, observations, settings } = deps;

  return {
    hello: (request, context) =>
      observe(deps, "Hello", context, { hostId: request.hostId, taskId: request.taskId || undefined }, () => {
        injected(faults.hello.take(), "Hello");
        authenticate(context, deps.issuer);
        valid(validateHello(request));
        // Validation guarantees these are set.
        const { buildInfo, osInfo, connectorMetadata } = request as typeof request & {
          buildInfo: NonNullable<typeof request.buildInfo>;
          osInfo: NonNullable<typeof request.osInfo>;
          connectorMetadata: NonNullable<typeof request.connectorMetadata>;
        };
        observations.addHello({
          hostId: request.hostId,
          taskId: request.taskId,
          buildInfo,
          osInfo,
          connectorMetadata,
          annotations: request.annotations,
          userAgent: context.requestHeader.get("user-agent") ?? undefined,
        });
        return {};
      }),

    getTask: (request, context) => {
      const facts: CallFacts = { hostId: request.hostId, taskId: undefined };
      return observe(deps, "GetTask", context, facts, () => {
        injected(faults.getTask.take(), "GetTask");
        authenticate(context, deps.issuer);
        valid(validateGetTask(request));
        const task: Task | undefined =
          queue.take(request.hostId) ??
          (settings.idleTask === "none"
            ? create(TaskSchema, { id: newKsuid(), taskType: { case: "none", value: {} } })
            : undefined);
        facts.taskId = task?.id;
        return {
          task,
          nextPoll: durationFromMs(settings.nextPollMs),
          nextHeartbeat: nextHeartbeat(settings),
        };
      });
    },

    heartbeat: (request, context) =>
      observe(deps, "Heartbeat", context, { hostId: request.hostId, taskId: request.taskId }, () => {
        injected(faults.heartbeat.take(), "Heartbeat");
        authenticate(context, deps.issuer);
        valid(validateHeartbeat(request));
        const cancelled = faults.cancelledTasks.has(request.taskId);
        observations.addHeartbeat({ hostId: request.hostId, taskId: request.taskId, cancelled });
        return { cancelled, nextHeartbeat: nextHeartbeat(settings) };
      }),

    finishTask: (request, context) =>
      observe(deps, "FinishTask", context, { hostId: request.hostId, taskId: request.taskId }, () => {
        injected(faults.finishTask.take(), "FinishTask");
        authenticate(context, deps.issuer);
        valid(validateFinishTask(request));
        const { status, finalState } = request;
        observations.addFinish({
          taskId: request.taskId,
          hostId: request.hostId,
          ...(status === undefined
            ? {}
            : { status: { code: status.code, message: status.message, details: status.details } }),
          ...(finalState.case === "error"
            ? {
                error: {
                  nonRetryable: finalState.value.nonRetryable,
                  annotations: finalState.value.annotations,
                },
              }
            : {}),
          ...(finalState.case === "success"
            ? { success: { annotations: finalState.value.annotations, response: finalState.value.response } }
            : {}),
        });
        return {};
      }),

    uploadAsset: (requests, context) => {
      const facts: CallFacts = { hostId: undefined, taskId: undefined };
      return observe(deps, "UploadAsset", context, facts, () =>
        receiveUpload(requests, context, deps, facts),
      );
    },

    startDebugging: (_request, context) =>
      observe(deps, "StartDebugging", context, { hostId: undefined, taskId: undefined }, () => {
        authenticate(context, deps.issuer);
        return { status: false };
      }),
  };
}

/**
 * One UploadAsset stream: metadata first, then data chunks, then eof with the SHA-256 of the bytes, then the
 * client's half-close. Each attempt is recorded with the bytes it carried, whatever the outcome.
 */
async function receiveUpload(
  requests: AsyncIterable<BatonServiceUploadAssetRequest>,
  context: HandlerContext,
  deps: BatonServiceDeps,
  facts: CallFacts,
): Promise<Record<string, never>> {
  const fault = deps.faults.upload.take();
  const chunks: Uint8Array[] = [];
  let checksumMatched: boolean | undefined;
  let eofSeen = false;
  const attempt = (outcome: { code: Code | 0; message?: string }): void =>
    deps.observations.addUpload({
      taskId: facts.taskId,
      hostId: facts.hostId,
      bytes: Buffer.concat(chunks),
      chunkSizes: chunks.map((chunk) => chunk.length),
      checksumMatched,
      completed: outcome.code === 0,
      grpcCode: outcome.code,
      message: outcome.message,
    });
  try {
    authenticate(context, deps.issuer);
    for await (const request of requests) {
      valid(validateUploadMessage(request));
      const msg = request.msg;
      if (msg.case === "metadata") {
        if (facts.hostId !== undefined) invalidArgument("metadata must be the first message, and sent once");
        facts.hostId = msg.value.hostId;
        facts.taskId = msg.value.taskId;
        if (fault?.at === "after-metadata") injected(fault.code, "UploadAsset");
      } else if (facts.hostId === undefined) {
        invalidArgument("the first message of an upload must be metadata");
      } else if (eofSeen) {
        invalidArgument("no message may follow eof");
      } else if (msg.case === "data") {
        chunks.push(msg.value.data);
      } else if (msg.case === "eof") {
        eofSeen = true;
        const digest = createHash("sha256");
        for (const chunk of chunks) digest.update(chunk);
        checksumMatched = Buffer.from(msg.value.sha256Checksum).equals(digest.digest());
        // ConductorOne's exact code for a mismatch is not public; InvalidArgument says "your request was wrong".
        if (!checksumMatched)
          invalidArgument("eof's sha256_checksum does not match the SHA-256 of the data received");
      }
    }
    if (!eofSeen) invalidArgument("the upload ended without eof");
    if (fault?.at === "after-eof") injected(fault.code, "UploadAsset");
    attempt({ code: 0 });
    return {};
  } catch (error) {
    const connectError = ConnectError.from(error);
    attempt({ code: connectError.code, message: connectError.rawMessage });
    throw connectError;
  }
}

/** Runs one RPC and records it with its outcome, after the handler's own records. */
async function observe<T>(
  deps: BatonServiceDeps,
  name: FakeCallName,
  context: HandlerContext,
  facts: CallFacts,
  handle: () => T | Promise<T>,
): Promise<T> {
  const record = (grpcCode: number, message: string | undefined): void =>
    deps.observations.record({
      name,
      hostId: facts.hostId,
      taskId: facts.taskId,
      userAgent: context.requestHeader.get("user-agent") ?? undefined,
      authorization: context.requestHeader.has("authorization"),
      httpVersion: context.values.get(httpVersionKey),
      ok: grpcCode === 0,
      grpcCode,
      httpStatus: undefined,
      message,
    });
  try {
    const result = await handle();
    record(0, undefined);
    return result;
  } catch (error) {
    const connectError = ConnectError.from(error);
    record(connectError.code, connectError.rawMessage);
    throw connectError;
  }
}

/** Accepts `authorization: Bearer <token>` (type in any case) with a token the fake issued that has not expired. */
function authenticate(context: HandlerContext, issuer: TokenIssuer): void {
  const header = context.requestHeader.get("authorization");
  if (header === null)
    throw new ConnectError("missing authorization: expected Bearer <token>", Code.Unauthenticated);
  const match = /^bearer\s+(\S+)$/i.exec(header);
  if (match === null) throw new ConnectError("authorization is not a Bearer token", Code.Unauthenticated);
  const state = issuer.check(match[1] as string);
  if (state === "unknown")
    throw new ConnectError("the bearer token was not issued here", Code.Unauthenticated);
  if (state === "expired") throw new ConnectError("the bearer token has expired", Code.Unauthenticated);
}

function injected(code: Code | undefined, method: string): void {
  if (code !== undefined) throw new ConnectError(`injected fault: ${method} answers ${Code[code]}`, code);
}

function valid(violation: string | undefined): void {
  if (violation !== undefined) invalidArgument(violation);
}

function invalidArgument(message: string): never {
  throw new ConnectError(message, Code.InvalidArgument);
}

const nextHeartbeat = (settings: ServiceSettings) =>
  settings.nextHeartbeatMs === undefined ? undefined : durationFromMs(settings.nextHeartbeatMs);
