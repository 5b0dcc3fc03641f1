import { SimulatorError } from "@baton-ts/connector-sdk/testing";

type ErrorBody = { errors: { code: number; detail: string | null; title: string }[] };

/**
 * A SentinelOne error reply: `{"errors":[{code, detail, title}]}` with the 7-digit code that reads as
 * HTTP status × 10000 + 10. Thrown by handlers, sent by the server.
 */
export class SimApiError extends SimulatorError<ErrorBody> {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string | null,
    headers: Readonly<Record<string, string>> = {},
  ) {
    const body = { errors: [{ code: status * 10000 + 10, detail, title }] };
    super(status, body, headers, `${status} ${title}${detail === null ? "" : `: ${detail}`}`);
  }

  get code(): number {
    return this.status * 10000 + 10;
  }

  body(): ErrorBody {
    return this.payload;
  }
}

export const validationError = (detail: string): SimApiError =>
  new SimApiError(400, "Validation Error", detail);
export const invalidCursor = (): SimApiError =>
  new SimApiError(400, "Validation JSONError", "Invalid cursor value received");
export const authenticationFailed = (): SimApiError => new SimApiError(401, "Authentication Failed", null);
export const insufficientPermissions = (detail = "User does not have required permissions"): SimApiError =>
  new SimApiError(403, "Insufficient permissions", detail);
export const notFound = (detail: string): SimApiError => new SimApiError(404, "Not Found", detail);
