import type { Task } from "@baton-ts/protocol/service";
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import { connectorMetadata } from "../../engine/metadata.js";
import { CallMeter, withCallMeter } from "../../http/call-meter.js";
import type { Logger } from "../../log/logger.js";
import { GrpcCode } from "./errors.js";
import { buildInfo, osInfo } from "./host-info.js";
import { runGrantTask, runRevokeTask } from "./provision-tasks.js";
import type { ServiceContext } from "./service-context.js";
import { runSyncTask } from "./sync-task.js";
import { messageOf, type TaskOutcome } from "./task-outcome.js";

/** The task's type, as its oneof case (`syncFull`, `grant`, …), or `unset`. */
export const taskType = (task: Task): string => task.taskType.case ?? "unset";

/** baton-sdk's answer to a task type it has no handler for: Unknown, and ConductorOne may try again. */
const unsupported: TaskOutcome = {
  kind: "error",
  code: GrpcCode.unknown,
  message: "unsupported task type",
  nonRetryable: false,
  result: "unsupported",
};

/** A task stopped because the program is shutting down: reported as retryable, so it is re-queued at once. */
const interruptedByShutdown: TaskOutcome = {
  kind: "error",
  code: GrpcCode.cancelled,
  message: "the connector is shutting down (SIGTERM or SIGINT); the task can run again at once",
  nonRetryable: false,
  result: "interrupted",
};

/** The promise-based handlers, run with the task's meter and an abort signal tied to the fiber. */
const viaPromise = (meter: CallMeter, run: (signal: AbortSignal) => Promise<TaskOutcome>) =>
  Effect.promise((signal) => withCallMeter(meter, () => run(signal)));

/** Says Hello again, carrying the task's id (a server-sent hello task); no FinishTask follows. */
export const helloRequest = (
  ctx: ServiceContext,
  program: { name: string; version: string },
  taskId = "",
) => ({
  taskId,
  buildInfo: buildInfo(program.name, program.version),
  osInfo: osInfo(),
  connectorMetadata: connectorMetadata(ctx.connector),
});

const taskBody = (
  ctx: ServiceContext,
  program: { name: string; version: string },
  task: Task,
  logger: Logger,
  meter: CallMeter,
): Effect.Effect<TaskOutcome> => {
  switch (task.taskType.case) {
    case "hello":
      return Effect.tryPromise({
        try: (signal) => ctx.c1.hello(helloRequest(ctx, program, task.id), signal),
        catch: (error) => error,
      }).pipe(
        Effect.as<TaskOutcome>({ kind: "unreported", result: "hello" }),
        Effect.catch((error) =>
          Effect.sync<TaskOutcome>(() => {
            logger.warn(`answering ConductorOne's hello task failed: ${messageOf(error)}`);
            return { kind: "unreported", result: "hello-failed" };
          }),
        ),
      );
    case "syncFull":
      return runSyncTask(ctx, task.id, task.taskType.value, logger, meter);
    case "grant": {
      const grant = task.taskType.value;
      return viaPromise(meter, (signal) => runGrantTask(ctx, grant, logger, signal, task.id));
    }
    case "revoke": {
      const revoke = task.taskType.value;
      return viaPromise(meter, (signal) => runRevokeTask(ctx, revoke, logger, signal, task.id));
    }
    default:
      return Effect.succeed(unsupported);
  }
};

/** FinishTask for an outcome; its failure is logged (baton-sdk does not retry it either). */
const finish = (
  ctx: ServiceContext,
  taskId: string,
  outcome: TaskOutcome,
  logger: Logger,
  timeoutMs: number,
) => {
  if (outcome.kind === "unreported") return Effect.void;
  const request =
    outcome.kind === "success"
      ? {
          taskId,
          finalState: {
            case: "success" as const,
            value: {
              annotations: [...(outcome.annotations ?? [])],
              ...(outcome.response === undefined ? {} : { response: outcome.response }),
            },
          },
        }
      : {
          taskId,
          status: { code: outcome.code, message: outcome.message },
          finalState: { case: "error" as const, value: { nonRetryable: outcome.nonRetryable } },
        };
  return Effect.tryPromise({
    try: (signal) => ctx.c1.finishTask(request, signal),
    catch: (error) => error,
  }).pipe(
    Effect.timeout(Duration.millis(timeoutMs)),
    Effect.catch((error) =>
      Effect.sync(() => logger.error(`reporting the task's end to ConductorOne failed: ${messageOf(error)}`)),
    ),
  );
};

/** One JSON line per task at its end: what it was, how long it took, how it ended, what it cost. */
const logTaskEnd = (logger: Logger, startedAt: number, outcome: TaskOutcome, meter: CallMeter): void => {
  const fields = {
    durationMs: Date.now() - startedAt,
    outcome: outcome.result,
    ...(outcome.kind === "error" ? { code: outcome.code, nonRetryable: outcome.nonRetryable } : {}),
    apiCalls: meter.callsByEndpoint(),
    rateLimitWaits: meter.rateLimitWaits,
    rateLimitWaitMs: meter.rateLimitWaitMs,
  };
  if (outcome.kind === "error") logger.error(`task failed: ${outcome.message}`, fields);
  else logger.info("task finished", fields);
};

/**
 * Runs one task to its end: the handler for its type, FinishTask with the outcome, one log line. When
 * the program shuts down in the middle, the task is reported as retryable (within 5 s) so ConductorOne
 * hands it to another host at once, and its temp files are removed.
 */
export const runTask = (
  ctx: ServiceContext,
  program: { name: string; version: string },
  task: Task,
): Effect.Effect<void> => {
  const logger = ctx.logger.child({ taskId: task.id, taskType: taskType(task) });
  const meter = new CallMeter();
  const startedAt = Date.now();
  logger.info("task started");
  const report = (outcome: TaskOutcome, timeoutMs: number) =>
    finish(ctx, task.id, outcome, logger, timeoutMs).pipe(
      Effect.tap(() => Effect.sync(() => logTaskEnd(logger, startedAt, outcome, meter))),
    );
  // Only the work can be interrupted: once it has an outcome, that outcome is what gets reported, so a
  // shutdown right after a task's end never reports it a second time.
  return Effect.uninterruptibleMask((restore) =>
    restore(taskBody(ctx, program, task, logger, meter)).pipe(
      Effect.onInterrupt(() => report(interruptedByShutdown, 5_000)),
      Effect.flatMap((outcome) => report(outcome, 30_000)),
    ),
  );
};
