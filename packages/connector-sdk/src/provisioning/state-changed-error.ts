import { ConnectorError } from "../errors.js";

/**
 * The state a write was planned from changed before the write was sent (another admin, another
 * task): the write is not sent, and `applyChange` plans again from a fresh read.
 */
export class StateChangedError extends ConnectorError {
  override readonly name = "StateChangedError";
  /** No server wait applies: the next attempt re-reads after the usual backoff. */
  readonly retryAfterMs = undefined;

  constructor(
    readonly description: string,
    readonly differences: readonly string[],
  ) {
    super(
      "conflict",
      `${description}: the state changed between the read and the write (${differences.join("; ")}); nothing was written`,
      { details: { differences } },
    );
  }
}
