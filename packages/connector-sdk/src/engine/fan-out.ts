export type Task = () => Promise<void>;

const YIELD_EVERY_MS = 20;

export interface FanOutOptions {
  readonly concurrency: number;
  /** The next unit of work, or undefined when none is available right now. */
  take(): Task | undefined;
  /**
   * Called when slots are free and `take` gave nothing: a chance to make more work visible (for
   * example by writing buffered resources whose children are still to be listed). Returns whether it
   * did anything, so that `take` is worth asking again.
   */
  idle(): boolean;
  /** Whether all work is done; asked only when nothing runs and nothing can be taken. */
  finished(): boolean;
  /** Stops taking new work once aborted; running tasks are awaited. */
  readonly signal: AbortSignal;
  /** Called once with the first failure, before waiting for the running tasks (e.g. to abort them). */
  onFailure(error: unknown): void;
}

/**
 * Runs tasks with at most `concurrency` at once, taking work from a source that grows while it runs
 * (children discovered by listing their parents). Writes happen synchronously in the tasks'
 * continuations (node:sqlite is synchronous), so they are serialised by the event loop.
 *
 * Hand-written rather than `Effect.forEach(..., { concurrency })`: the work is not an iterable known
 * up front but appears as pages are written, and the checkpoint must see exactly which items are in
 * flight; a plain loop over a set of promises states that directly. Interruption is the caller's
 * AbortSignal, which the tasks pass on to the connector's calls.
 */
export const runFanOut = async (options: FanOutOptions): Promise<void> => {
  const active = new Set<Promise<void>>();
  let lastYield = Date.now();
  let failed = false;
  let failure: unknown;
  const start = (task: Task): void => {
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        if (!failed) {
          failed = true;
          failure = error;
          options.onFailure(error);
        }
      })
      .finally(() => {
        active.delete(running);
      });
    active.add(running);
  };
  const fill = (): void => {
    while (!failed && !options.signal.aborted && active.size < options.concurrency) {
      const task = options.take();
      if (task === undefined) return;
      start(task);
    }
  };

  while (!failed && !options.signal.aborted) {
    fill();
    if (active.size < options.concurrency && !failed && !options.signal.aborted && options.idle()) fill();
    if (active.size === 0) {
      if (options.finished()) break;
      // Nothing runs and nothing can be taken: an idle pass may reveal more; if not, the source is
      // inconsistent, which must fail loudly rather than end the phase with work left undone.
      if (options.idle()) continue;
      throw new Error("internal error: the sync's work source stalled with work left");
    }
    await Promise.race(active);
    // A connector that answers from memory never leaves the microtask queue; yield now and then so
    // that timers (progress lines, checkpoint writes), signals and IPC still run.
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  }
  while (active.size > 0) await Promise.race(active);
  if (failed) throw failure;
  if (options.signal.aborted) throw options.signal.reason;
};
