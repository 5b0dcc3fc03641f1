import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import * as FiberSet from "effect/FiberSet";
import * as Semaphore from "effect/Semaphore";
import { durationMillis } from "./proto-duration.js";
import { runTask } from "./run-task.js";
import type { ServiceContext } from "./service-context.js";
import { messageOf } from "./task-outcome.js";

/** baton-sdk's wait before the next poll: the server's `next_poll`, clamped to [0, 5 min]. */
export const nextPollMs = (nextPoll: Parameters<typeof durationMillis>[0]): number =>
  Math.min(Math.max(durationMillis(nextPoll), 0), 300_000);

/** baton-sdk's back-off after a failed poll: n² seconds after the n-th failure in a row, at most 60 s. */
export const pollBackoffMs = (failures: number): number => Math.min(failures * failures, 60) * 1000;

/**
 * The service loop, as baton-sdk runs it: take a task slot before asking for work (so a host with
 * every slot busy does not poll), GetTask, run the task in its own fiber, wait `next_poll`. A failed
 * poll backs off; a task of any shape goes to runTask, which reports it, so nothing a server sends stops
 * the loop. Interrupting the loop interrupts every running task (each reports itself as retryable).
 */
export const pollLoop = (
  ctx: ServiceContext,
  program: { name: string; version: string },
  concurrency: number,
): Effect.Effect<never, never, never> =>
  Effect.scoped(
    Effect.gen(function* () {
      const slots = yield* Semaphore.make(concurrency);
      const running = yield* FiberSet.make<void, never>();
      let failures = 0;
      for (;;) {
        yield* Semaphore.take(slots, 1);
        const answer = yield* Effect.result(
          Effect.tryPromise({ try: (signal) => ctx.c1.getTask(signal), catch: (error) => error }),
        );
        if (answer._tag === "Failure") {
          yield* Semaphore.release(slots, 1);
          failures += 1;
          const waitMs = pollBackoffMs(failures);
          ctx.logger.warn(`asking ConductorOne for a task failed; trying again in ${waitMs / 1000} s`, {
            error: messageOf(answer.failure),
            failures,
          });
          yield* Effect.sleep(Duration.millis(waitMs));
          continue;
        }
        failures = 0;
        const { task, nextPoll } = answer.success;
        if (task === undefined || task.taskType.case === "none") {
          yield* Semaphore.release(slots, 1);
        } else {
          yield* FiberSet.run(
            running,
            runTask(ctx, program, task).pipe(Effect.ensuring(Semaphore.release(slots, 1))),
          );
        }
        yield* Effect.sleep(Duration.millis(nextPollMs(nextPoll)));
      }
    }),
  );
