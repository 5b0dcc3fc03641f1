/** One entry of Segment's `{"errors": [...]}` body (RequestError). */
export interface SimRequestError {
  type: string;
  message?: string;
  field?: string;
  data?: unknown;
  status?: number;
}

/** Thrown by a route handler: the server turns it into the status and `{errors}` body. */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: SimRequestError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((error) => error.message ?? error.type).join("; "));
  }
}

export const validationError = (message: string, field?: string): SimApiError =>
  new SimApiError(422, [{ type: "input-validation", message, ...(field ? { field } : {}), status: 422 }]);

export const notFound = (message: string): SimApiError =>
  new SimApiError(404, [{ type: "not-found", message, status: 404 }]);
