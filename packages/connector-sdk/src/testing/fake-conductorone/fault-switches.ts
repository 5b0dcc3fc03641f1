import type { Code } from "@connectrpc/connect";

/** A fault that fires on the next `times` requests (Infinity: until reset), then switches itself off. */
export class CountedFault<T> {
  #remaining = 0;
  #value: T | undefined;

  arm(times: number, value: T): void {
    if (!(times >= 0) || (!Number.isInteger(times) && times !== Number.POSITIVE_INFINITY)) {
      throw new Error(`a fault's count must be a whole number of requests or Infinity, got ${times}`);
    }
    this.#remaining = times;
    this.#value = value;
  }

  /** The fault's value if it fires on this request (and one fewer remains), else undefined. */
  take(): T | undefined {
    if (this.#remaining <= 0) return undefined;
    this.#remaining -= 1;
    return this.#value;
  }

  get remaining(): number {
    return this.#remaining;
  }

  reset(): void {
    this.#remaining = 0;
    this.#value = undefined;
  }
}

/** When a failing UploadAsset answers: right after its metadata (mid-stream), or after eof (the whole file sent). */
export type UploadFailurePoint = "after-metadata" | "after-eof";

/** Every fault the fake can inject, switched on and off at run time by the test. */
export class FaultSwitches {
  /** The token endpoint answers this HTTP status (500 by default). */
  readonly tokenServerError = new CountedFault<number>();
  /** The token endpoint refuses every request with 401 while on. */
  refuseTokens = false;
  readonly getTask = new CountedFault<Code>();
  readonly hello = new CountedFault<Code>();
  readonly heartbeat = new CountedFault<Code>();
  readonly upload = new CountedFault<{ readonly code: Code; readonly at: UploadFailurePoint }>();
  readonly finishTask = new CountedFault<Code>();
  /** Tasks whose heartbeats answer `cancelled = true`. */
  readonly cancelledTasks = new Set<string>();

  reset(): void {
    this.tokenServerError.reset();
    this.refuseTokens = false;
    this.getTask.reset();
    this.hello.reset();
    this.heartbeat.reset();
    this.upload.reset();
    this.finishTask.reset();
    this.cancelledTasks.clear();
  }
}
