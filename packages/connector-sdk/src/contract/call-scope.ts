import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The connector call in progress, carried by the async context instead of by hand: the engine runs
 * every connector call (list, entitlements, grants, validate, grant, revoke) inside one, and the sdk's
 * HTTP client reads it. So a connector's requests stop when the run is interrupted without the signal
 * being passed to every method, and the engine learns which endpoint a page came from (to name it
 * when an API pages in a loop).
 */
export interface CallScope {
  /** Aborted when the run is interrupted or fails elsewhere. */
  readonly signal: AbortSignal;
  /** HTTP requests sent within this scope so far (nested scopes included). */
  readonly requests: number;
  /** `Service METHOD /route` of the last HTTP request sent within this scope, if any. */
  readonly lastEndpoint: string | undefined;
}

interface ScopeRecord {
  readonly signal: AbortSignal;
  requests: number;
  lastEndpoint: string | undefined;
  readonly parent: ScopeRecord | undefined;
}

/**
 * One store and one set of observers per process, shared by every copy of the sdk loaded in it (a
 * connector bundled with its own copy, a test importing the sources next to a built connector):
 * otherwise the engine's scope would be invisible to the other copy's HTTP client.
 */
interface SharedState {
  readonly storage: AsyncLocalStorage<ScopeRecord>;
  readonly observers: Set<(endpoint: string) => void>;
}
const SHARED = Symbol.for("@baton-ts/connector-sdk/call-scope");
const holder = globalThis as Record<symbol, SharedState | undefined>;
const shared: SharedState = holder[SHARED] ?? {
  storage: new AsyncLocalStorage<ScopeRecord>(),
  observers: new Set(),
};
holder[SHARED] = shared;
const { storage, observers } = shared;

/**
 * Runs `work` as one connector call: HTTP requests it makes (also in promises it starts) use `signal`
 * and are counted here. Nested inside another scope, requests count for both.
 */
export const runInCallScope = <T>(
  signal: AbortSignal,
  work: (scope: CallScope) => Promise<T>,
): Promise<T> => {
  const record: ScopeRecord = { signal, requests: 0, lastEndpoint: undefined, parent: storage.getStore() };
  return storage.run(record, () => work(record));
};

/** The scope of the connector call in progress, if any. */
export const currentCallScope = (): CallScope | undefined => storage.getStore();

/**
 * Records one request to the API in the current scope and the scopes around it. The sdk's HTTP client
 * calls it for every attempt it sends; a connector that reaches its API another way (or simulates one,
 * like the kit's memory connector) may call it too, so its calls are accounted the same way.
 */
export const noteRequest = (endpoint: string): void => {
  for (let scope = storage.getStore(); scope !== undefined; scope = scope.parent) {
    scope.requests += 1;
    scope.lastEndpoint = endpoint;
  }
  for (const observer of observers) observer(endpoint);
};

/** Calls `observer` for every request noted from now on; returns the function that stops it. */
export const observeRequests = (observer: (endpoint: string) => void): (() => void) => {
  observers.add(observer);
  return () => observers.delete(observer);
};

/**
 * The signal a request should honour: the one it was given and the current call's, whichever aborts
 * first (one of them when only one exists or both are the same).
 */
export const callSignal = (given: AbortSignal | undefined): AbortSignal | undefined => {
  const scoped = storage.getStore()?.signal;
  if (scoped === undefined || scoped === given) return given;
  if (given === undefined) return scoped;
  return AbortSignal.any([given, scoped]);
};
