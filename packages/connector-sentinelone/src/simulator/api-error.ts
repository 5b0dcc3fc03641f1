/**
 * A SentinelOne error reply: `{"errors":[{code, detail, title}]}` with the 7-digit code that reads as
 * HTTP status × 10000 + 10 (4010010 for 401, 4030010 for 403). Thrown by handlers, rendered by the server.
 */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${title}${detail === null ? "" : `: ${detail}`}`);
  }

  get code(): number {
    return this.status * 10000 + 10;
  }

  body(): { errors: { code: number; detail: string | null; title: string }[] } {
    return { errors: [{ code: this.code, detail: this.detail, title: this.title }] };
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
