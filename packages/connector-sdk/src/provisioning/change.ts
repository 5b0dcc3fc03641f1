/** A write a change decided on, and the live state it must leave behind. */
export interface PlannedWrite<S, W> {
  readonly kind: "write";
  readonly write: W;
  /** The state the write must produce: exactly the intended change applied to the state it was planned from. */
  readonly expected: S;
}

/** What a change decides from a live state; a refusal is a thrown ConnectorError instead. */
export type ChangePlan<S, W> = { readonly kind: "unchanged" } | PlannedWrite<S, W>;

/** What the HTTP request of a change's write must carry (see `RequestOptions.precondition`). */
export interface WriteRequest {
  /** Re-reads the state right before the request is sent; rejects when it moved since the plan. */
  readonly precondition: (signal: AbortSignal) => Promise<void>;
  readonly signal: AbortSignal;
}

/**
 * One access change (grant or revoke) on an API without compare-and-set, described so that
 * `applyChange` can make it safely: read the live state by id, plan from it, write, read back.
 */
export interface Change<S, W> {
  /** For messages, e.g. `revoke of Source Admin on source Web from user ada@example.com (u1)`. */
  readonly description: string;
  /** Reads the live state the change depends on (fresh, never a sync's cache), identity included. */
  read(signal: AbortSignal): Promise<S>;
  /** Decides from a live state: nothing to do (proven by it), a write, or a refusal (thrown). */
  plan(state: S): ChangePlan<S, W>;
  /** Sends the write with `request.precondition` and `request.signal` on its HTTP request. */
  write(write: W, request: WriteRequest): Promise<void>;
  /** What differs from `from` to `to`, one phrase each (`added: Viewer at site Lab`); empty when equal. */
  diff(from: S, to: S): readonly string[];
}

/** `applied`: the write was made (or an earlier, uncertain one of ours was); `unchanged`: nothing to do. */
export type ChangeOutcome = { readonly kind: "applied" } | { readonly kind: "unchanged" };
