import { SimulatorError } from "@baton-ts/connector-sdk/testing";

/** One entry of Segment's `{"errors": [...]}` body (RequestError). */
export interface SimRequestError {
  type: string;
  message?: string;
  field?: string;
  data?: unknown;
  status?: number;
}

/** Thrown by a route handler: the server answers with the status and the `{errors}` body. */
export class SimApiError extends SimulatorError<{ errors: SimRequestError[] }> {
  constructor(status: number, errors: SimRequestError[], headers: Record<string, string> = {}) {
    super(status, { errors }, headers, errors.map((error) => error.message ?? error.type).join("; "));
  }
}

/** Segment's error with `status` in each entry, as its 4xx bodies carry. */
export const apiError = (status: number, type: string, message: string, field?: string): SimApiError =>
  new SimApiError(status, [{ type, message, ...(field ? { field } : {}), status }]);

export const validationError = (message: string, field?: string): SimApiError =>
  apiError(422, "input-validation", message, field);

export const notFound = (message: string): SimApiError => apiError(404, "not-found", message);
