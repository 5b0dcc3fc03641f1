import type { Logger } from "../log/logger.js";
import type { SessionStore } from "./session.js";

/** What the engine hands to every connector call. */
export interface CallContext {
  readonly logger: Logger;
  /**
   * Aborted when the run is interrupted. The sdk's HTTP client already follows it (the engine runs
   * each call in a call scope); pass it only to other things that can be stopped.
   */
  readonly signal: AbortSignal;
  /**
   * The sync's session: state a later call of the same sync needs, kept across a resume (see
   * SessionStore). Validate, grant and revoke get one of their own in memory; a test calling a
   * definition directly passes `memorySession()` from the testing kit.
   */
  readonly session: SessionStore;
}

/** What the engine hands to `connect` when it builds the connector's client. */
export interface ConnectContext {
  readonly logger: Logger;
  /** User-Agent product token for HTTP calls, e.g. `baton-segment/0.1.0`. */
  readonly userAgent: string;
  /** `--http-debug`: log every request's method, route, status and duration at debug level. */
  readonly httpDebug?: boolean;
}
