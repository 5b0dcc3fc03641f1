import { ConnectorError } from "../errors.js";

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
export const withCallContext = (error: unknown, site: CallSite): ConnectorError => {
  const context = { phase: site.phase, resourceType: site.resourceType, resource: site.resource };
  if (error instanceof ConnectorError) {
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
