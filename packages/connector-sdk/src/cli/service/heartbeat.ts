import type { BatonServiceHeartbeatResponse } from "@baton-ts/protocol/service";
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import { ConnectorError } from "../../errors.js";
import type { BatonServiceClient } from "./baton-service-client.js";
import { durationMillis } from "./proto-duration.js";

/** ConductorOne cancelled the task (a heartbeat answered `cancelled`). */
export class TaskCancelledError extends ConnectorError {
  override readonly name = "TaskCancelledError";
  constructor() {
    super("unavailable", "ConductorOne cancelled the task");
  }
}

/** Too many heartbeats in a row failed: ConductorOne has probably given the task to another host. */
export class HeartbeatFailedError extends ConnectorError {
  override readonly name = "HeartbeatFailedError";
  constructor(failures: number, cause: unknown) {
    super("unavailable", `${failures} heartbeats in a row failed; stopping the task`, { cause });
  }
}

/** baton-sdk's heartbeat interval: the server's `next_heartbeat`, 0 → 30 s, else clamped to [1 s, 5 min]. */
export const heartbeatIntervalMs = (response: BatonServiceHeartbeatResponse | undefined): number => {
  const asked = durationMillis(response?.nextHeartbeat);
  if (asked === 0) return 30_000;
  return Math.min(Math.max(asked, 1_000), 300_000);
};

/** Failed periodic heartbeats in a row that end the task (baton-sdk stops at its tenth count, i.e. nine). */
export const MAX_FAILED_HEARTBEATS = 9;

const beat = (c1: BatonServiceClient, taskId: string) =>
  Effect.tryPromise({ try: (signal) => c1.heartbeat(taskId, signal), catch: (error) => error });

/**
 * The first heartbeat of a sync task, before any work: `undefined` when ConductorOne cancelled the task
 * or the heartbeat failed (then the task is left alone, as baton-sdk does), else the first answer.
 */
export const firstHeartbeat = (c1: BatonServiceClient, taskId: string) =>
  beat(c1, taskId).pipe(
    Effect.map((response) => (response.cancelled ? undefined : response)),
    Effect.catch(() => Effect.succeed(undefined)),
  );

/**
 * Heartbeats a task for as long as it runs. Never succeeds: it fails with TaskCancelledError when
 * ConductorOne cancels the task, or HeartbeatFailedError after MAX_FAILED_HEARTBEATS failures in a row;
 * racing it against the work stops the work in either case.
 */
export const keepHeartbeating = (
  c1: BatonServiceClient,
  taskId: string,
  first: BatonServiceHeartbeatResponse,
): Effect.Effect<never, TaskCancelledError | HeartbeatFailedError> =>
  Effect.gen(function* () {
    let intervalMs = heartbeatIntervalMs(first);
    let failures = 0;
    for (;;) {
      yield* Effect.sleep(Duration.millis(intervalMs));
      const answer = yield* Effect.result(beat(c1, taskId));
      if (answer._tag === "Success") {
        failures = 0;
        if (answer.success.cancelled) return yield* Effect.fail(new TaskCancelledError());
        intervalMs = heartbeatIntervalMs(answer.success);
      } else {
        failures += 1;
        if (failures >= MAX_FAILED_HEARTBEATS) {
          return yield* Effect.fail(new HeartbeatFailedError(failures, answer.failure));
        }
        intervalMs = heartbeatIntervalMs(undefined);
      }
    }
  });
