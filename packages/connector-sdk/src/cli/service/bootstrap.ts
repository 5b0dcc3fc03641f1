import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import * as Schedule from "effect/Schedule";
import type { Logger } from "../../log/logger.js";
import { C1Error, PERMANENT_CODES } from "./errors.js";
import { messageOf } from "./task-outcome.js";

/** Whether the startup Hello should be tried again after `error` (baton-sdk's isRetryableHelloError). */
export const isRetryableHelloError = (error: unknown): boolean =>
  !(error instanceof C1Error && (error.permanent || PERMANENT_CODES.has(error.grpcCode)));

/**
 * The startup Hello, before the loop: retried with back-off from 1 s, doubling up to 5 min, for as long
 * as the failure is transient (the network, a 5xx, the token endpoint unreachable); a refusal (rejected
 * credentials, a refused request) is final and ends the program.
 */
export const bootstrapHello = (hello: (signal: AbortSignal) => Promise<unknown>, logger: Logger) =>
  Effect.tryPromise({ try: hello, catch: (error) => error }).pipe(
    Effect.retry({
      schedule: Schedule.exponential(Duration.seconds(1)).pipe(
        Schedule.modifyDelay((step: Schedule.Metadata<Duration.Duration, unknown>) =>
          Effect.sync(() => {
            const waitMs = Math.min(Duration.toMillis(step.duration), 300_000);
            logger.warn(`saying hello to ConductorOne failed; trying again in ${waitMs / 1000} s`, {
              error: messageOf(step.input),
              attempt: step.attempt,
            });
            return Duration.millis(waitMs);
          }),
        ),
      ),
      while: isRetryableHelloError,
    }),
  );
