import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import { revokeGrant } from "../../engine/provision.js";
import { expireLeases } from "../../leases/expire-leases.js";
import type { LeaseStore } from "../../leases/lease-store.js";
import type { ServiceContext } from "./service-context.js";
import { messageOf } from "./task-outcome.js";

/**
 * Service mode's lease timer: revokes the due leases now and then every `intervalMs`, until the
 * service's scope ends (the fiber is interrupted on shutdown; a revoke in flight is aborted, and its
 * lease stays open for the next run). A failure is logged and the timer goes on.
 */
export const leaseExpiryLoop = (
  ctx: ServiceContext,
  store: LeaseStore,
  intervalMs: number,
): Effect.Effect<never> => {
  const once = Effect.tryPromise({
    try: async (signal) =>
      expireLeases({
        store,
        logger: ctx.logger,
        signal,
        audit: { log: ctx.audit, source: "lease-expiry" },
        revoke: async (grant) =>
          revokeGrant({
            connector: ctx.connector,
            client: await ctx.connect(),
            grant,
            logger: ctx.logger,
            signal,
          }),
      }),
    catch: (error) => error,
  }).pipe(
    Effect.catch((error) =>
      Effect.sync(() =>
        ctx.logger.error(`revoking due leases failed; trying again later: ${messageOf(error)}`),
      ),
    ),
  );
  return Effect.forever(Effect.andThen(once, Effect.sleep(Duration.millis(intervalMs))));
};
