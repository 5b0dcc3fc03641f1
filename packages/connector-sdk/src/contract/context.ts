import type { Logger } from "../log/logger.js";

/** What the engine hands to every connector call. */
export interface CallContext {
  readonly logger: Logger;
  /** Aborted when the run is interrupted; pass it to HTTP calls. */
  readonly signal: AbortSignal;
}

/** What the engine hands to `connect` when it builds the connector's client. */
export interface ConnectContext {
  readonly logger: Logger;
  /** User-Agent product token for HTTP calls, e.g. `baton-segment/0.1.0`. */
  readonly userAgent: string;
  /** `--http-debug`: log every request's method, route, status and duration at debug level. */
  readonly httpDebug?: boolean;
}
