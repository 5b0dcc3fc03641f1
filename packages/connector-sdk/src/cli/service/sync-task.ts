import { mkdtemp, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import type { Task_SyncFullTask } from "@baton-ts/protocol/service";
import * as Effect from "effect/Effect";
import { runSync } from "../../engine/sync.js";
import { type CallMeter, withCallMeter } from "../../http/call-meter.js";
import type { Logger } from "../../log/logger.js";
import { GrpcCode } from "./errors.js";
import { firstHeartbeat, keepHeartbeating, TaskCancelledError } from "./heartbeat.js";
import type { ServiceContext } from "./service-context.js";
import { failedOutcome, type TaskOutcome } from "./task-outcome.js";
import { uploadFile } from "./upload.js";

/** A fresh directory for one task's c1z (and its work database), removed on every path out. */
const taskDirectory = (tempDir: string) =>
  Effect.acquireRelease(
    Effect.promise(() => mkdtemp(join(tempDir, "baton-sync-"))),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true })),
  );

/** The sync a task asks for, logged where this program does less than asked. */
const syncOptions = (ctx: ServiceContext, task: Task_SyncFullTask, logger: Logger) => {
  if (task.targetedSyncResources.length > 0) {
    logger.warn("the task asks for a targeted sync; this program runs a full sync instead (a superset)", {
      targetedResources: task.targetedSyncResources.length,
    });
  }
  if (task.storageEngine !== "" && task.storageEngine !== "sqlite") {
    logger.info("the task asks for another storage engine; this program writes c1z v1 (sqlite)", {
      storageEngine: task.storageEngine,
    });
  }
  return {
    skipExpandGrants: task.skipExpandGrants,
    skipEntitlementsAndGrants: task.skipEntitlementsAndGrants,
    resourceTypes: [...ctx.syncResourceTypes],
  };
};

/** --skip-full-sync: a c1z that holds one finished, empty sync (what baton-sdk's SkipSync uploads). */
const writeEmptySync = async (file: string): Promise<void> => {
  const c1z = await C1zFile.open(file);
  try {
    const { syncId } = c1z.startOrResumeSync();
    c1z.endSync(syncId);
    await c1z.save();
  } finally {
    c1z.close();
  }
};

/**
 * A full sync task: heartbeat first (cancelled or unreachable: leave the task alone), then sync into a
 * fresh temp c1z holding exactly one finished sync, upload it, and report success. Heartbeats run beside
 * the work for as long as it lasts and stop it when ConductorOne cancels the task. The temp directory
 * goes away on every path, interruption included.
 */
export const runSyncTask = (
  ctx: ServiceContext,
  taskId: string,
  task: Task_SyncFullTask,
  logger: Logger,
  meter: CallMeter,
): Effect.Effect<TaskOutcome> =>
  Effect.scoped(
    Effect.gen(function* () {
      const first = yield* firstHeartbeat(ctx.c1, taskId);
      if (first === undefined) {
        logger.warn("ConductorOne cancelled the sync task, or its first heartbeat failed; leaving it");
        return { kind: "unreported", result: "not-started" } satisfies TaskOutcome;
      }
      const dir = yield* taskDirectory(ctx.tempDir);
      const file = join(dir, "sync.c1z");
      const work = Effect.tryPromise({
        try: async (signal) => {
          if (ctx.skipFullSync) await writeEmptySync(file);
          else {
            const client = await ctx.connect();
            await withCallMeter(meter, () =>
              runSync({
                connector: ctx.connector,
                client,
                file,
                logger,
                signal,
                tempDir: dir,
                concurrency: ctx.workers,
                ...syncOptions(ctx, task, logger),
              }),
            );
          }
          return (await stat(file)).size;
        },
        catch: (error) => error,
      }).pipe(Effect.flatMap((bytes) => uploadFile(ctx.c1, taskId, file, bytes).pipe(Effect.as(bytes))));
      const bytes = yield* Effect.raceFirst(work, keepHeartbeating(ctx.c1, taskId, first));
      logger.info("uploaded the sync", { bytes });
      return { kind: "success", result: ctx.skipFullSync ? "skipped" : "synced" } satisfies TaskOutcome;
    }),
  ).pipe(
    Effect.catch((error: unknown) =>
      Effect.succeed<TaskOutcome>(
        error instanceof TaskCancelledError
          ? {
              kind: "error",
              code: GrpcCode.cancelled,
              message: error.message,
              nonRetryable: true,
              result: "cancelled",
            }
          : // A failed sync may succeed on the next try (baton-sdk: non_retryable only for ingest invariants).
            failedOutcome(error, false),
      ),
    ),
  );
