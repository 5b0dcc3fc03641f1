import { ConnectorError } from "../errors.js";
import { HttpError } from "../http/http-error.js";
import { DEFAULT_RETRY, isRetryable, withRetry } from "../http/retry.js";
import type { RetryPolicy } from "../http/types.js";
import { currentWriteJournal } from "../http/write-journal.js";
import type { Logger } from "../log/logger.js";
import type { Change, ChangeOutcome } from "./change.js";
import { StateChangedError } from "./state-changed-error.js";

export interface ApplyChangeOptions {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Attempts and waits of the whole read-plan-write; pass the HTTP client's `retryPolicy`. */
  readonly policy?: RetryPolicy;
}

/** A write failed in a way worth a whole new attempt (fresh read, new plan); carries the server's wait. */
class RetryFromRead extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(readonly failure: HttpError) {
    super(failure.message, { cause: failure });
    this.retryAfterMs = failure.retryAfterMs;
  }
}

/** 429, refused connection, failed DNS lookup: the server did not process the write. */
const provesNotApplied = (error: HttpError): boolean => isRetryable(error, "unprocessed");

/**
 * Makes one access change safely on an API without compare-and-set. Each attempt reads the live
 * state, plans from it (refusals are re-checked every time), and writes with a precondition that
 * reads again right before the request leaves (after pacing): if anything moved, nothing is sent and
 * the attempt starts over. After the write the state is read back and must be exactly the planned
 * result, otherwise the change fails naming what differs. A write that failed without being applied
 * (429, refused) or maybe applied (5xx, reset, timeout: read back first) is never re-sent as it was:
 * the whole attempt is repeated from a fresh read, up to the policy's attempts.
 *
 * In a dry run (see `WriteJournal`) the reads are made and the write is recorded, not sent; there is
 * nothing to read back, so the planned differences are recorded as the expected outcome and the
 * change reports `applied` ("would be applied").
 */
export const applyChange = async <S, W>(
  change: Change<S, W>,
  options: ApplyChangeOptions,
): Promise<ChangeOutcome> => {
  const policy = { ...DEFAULT_RETRY, ...options.policy };
  // An earlier attempt's write may have been applied before it failed: if the next plan finds
  // nothing to do, that write (or someone else's identical one) did it.
  let mayHaveWritten = false;

  const attempt = async (signal: AbortSignal): Promise<ChangeOutcome> => {
    const before = await change.read(signal);
    const plan = change.plan(before);
    if (plan.kind === "unchanged") return { kind: mayHaveWritten ? "applied" : "unchanged" };
    let sent = false;
    const precondition = async (sendSignal: AbortSignal): Promise<void> => {
      const now = await change.read(sendSignal);
      const moved = change.diff(before, now);
      if (moved.length > 0) throw new StateChangedError(change.description, moved);
      sent = true;
    };
    try {
      await change.write(plan.write, { precondition, signal });
    } catch (error) {
      if (error instanceof StateChangedError) {
        // On a resend (an idempotent write the HTTP layer repeats), the first send may have landed.
        if (sent) mayHaveWritten = true;
        throw error;
      }
      if (!sent || !(error instanceof HttpError)) throw error;
      if (provesNotApplied(error)) throw new RetryFromRead(error);
      if (!isRetryable(error, "idempotent")) throw error; // a verdict (4xx): nothing was applied
      mayHaveWritten = true;
      const after = await change.read(signal);
      if (change.diff(plan.expected, after).length === 0) return { kind: "applied" };
      throw new RetryFromRead(error);
    }
    const journal = currentWriteJournal();
    if (journal?.dryRun === true) {
      // Nothing was sent, so a read-back would only show the old state: the plan is the outcome.
      journal.expect({ description: change.description, differences: change.diff(before, plan.expected) });
      return { kind: "applied" };
    }
    const after = await change.read(signal);
    const differences = change.diff(plan.expected, after);
    if (differences.length > 0) {
      throw new ConnectorError(
        "conflict",
        `${change.description} was written, but reading it back shows something else than exactly that change: ${differences.join("; ")}. ` +
          "Someone else may have changed the same access at the same moment: check it in the console, sync again, and repeat the request if it is still needed",
        { details: { differences } },
      );
    }
    return { kind: "applied" };
  };

  try {
    return await withRetry<ChangeOutcome, StateChangedError | RetryFromRead>(attempt, {
      policy,
      signal: options.signal,
      retryWhen: (error) => error instanceof StateChangedError || error instanceof RetryFromRead,
      onRetry: ({ retry, waitMs, error }) => {
        options.logger.warn(`repeating ${change.description} from a fresh read in ${waitMs} ms`, {
          retry,
          waitMs,
          reason: error.message,
        });
      },
    });
  } catch (error) {
    if (error instanceof StateChangedError) {
      throw new ConnectorError(
        "conflict",
        `${change.description} was not made: the access kept changing between our read and our write (${policy.maxAttempts} attempts; last: ${error.differences.join("; ")}). Nothing was overwritten; try again`,
        { cause: error, details: { differences: error.differences } },
      );
    }
    if (error instanceof RetryFromRead) {
      throw new ConnectorError(
        error.failure.code,
        `${change.description} was not made after ${policy.maxAttempts} attempts, each from a fresh read: ${error.failure.message}`,
        { cause: error.failure },
      );
    }
    throw error;
  }
};
