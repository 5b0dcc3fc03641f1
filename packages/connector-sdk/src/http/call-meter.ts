import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one unit of work (a service-mode task) cost in API calls: calls per `METHOD route` and the
 * waits a rate limit imposed. Counted by every HTTP client the sdk made, whichever connector client
 * wraps it, without any plumbing through connector code: the meter rides the async context.
 */
export class CallMeter {
  readonly calls = new Map<string, number>();
  rateLimitWaits = 0;
  rateLimitWaitMs = 0;

  countCall(key: string): void {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  countRateLimitWait(waitMs: number): void {
    this.rateLimitWaits += 1;
    this.rateLimitWaitMs += waitMs;
  }

  /** Calls per endpoint, as a plain object for a log line. */
  callsByEndpoint(): Record<string, number> {
    return Object.fromEntries([...this.calls].sort(([a], [b]) => a.localeCompare(b)));
  }
}

const current = new AsyncLocalStorage<CallMeter>();

/** Runs `work` with `meter` counting every HTTP call it makes (also in promises it starts). */
export const withCallMeter = <T>(meter: CallMeter, work: () => Promise<T>): Promise<T> =>
  current.run(meter, work);

/** The meter of the work in progress, if any. */
export const currentCallMeter = (): CallMeter | undefined => current.getStore();
