import { ConnectorError, type ErrorCode } from "../errors.js";

/** Where a connector call happened, for error messages and logs. */
export interface CallSite {
  readonly phase: string;
  readonly resourceType: string;
  /** `type:id` of the resource the call was about (its parent, for a child listing). */
  readonly resource?: string;
}

const describeSite = (site: CallSite): string =>
  site.resource === undefined
    ? `${site.phase} of type ${site.resourceType}`
    : `${site.phase} of type ${site.resourceType} for ${site.resource}`;

/**
 * A connector's failure with the context a person needs: a ConnectorError passes through (its class,
 * code and status kept, so the runner maps it the same way) with the phase, type and resource added;
 * anything else is a bug in the connector and becomes an `internal` ConnectorError.
 */
/** The codes of ConnectorError; a Node system error's `code` (ECONNRESET ...) is none of them. */
const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "invalid-argument",
  "failed-precondition",
  "unauthenticated",
  "permission-denied",
  "not-found",
  "conflict",
  "unimplemented",
  "rate-limited",
  "unavailable",
  "invalid-response",
  "internal",
]);

/**
 * A ConnectorError, also one from another copy of the sdk (a connector bundled with its own): checked
 * by shape, since `instanceof` fails across copies and would turn a typed failure into an internal one.
 */
export const isConnectorErrorLike = (error: unknown): error is ConnectorError => {
  if (error instanceof ConnectorError) return true;
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, "code");
  return typeof code === "string" && CODES.has(code);
};

export const withCallContext = (error: unknown, site: CallSite): ConnectorError => {
  const context = { phase: site.phase, resourceType: site.resourceType, resource: site.resource };
  if (isConnectorErrorLike(error)) {
    if (error.details?.phase === undefined) {
      error.message = `${error.message} (while ${describeSite(site)})`;
      // `details` is readonly for callers; the engine is the one place that adds where it happened.
      Object.assign(error, { details: { ...error.details, ...context } });
    }
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError("internal", `the connector failed in ${describeSite(site)}: ${message}`, {
    cause: error,
    details: context,
  });
};

export const callConnector = async <T>(site: CallSite, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw withCallContext(error, site);
  }
};
