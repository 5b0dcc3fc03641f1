import { errorBodySchema } from "./schemas/error-body.js";

/**
 * The sentence a person reads for a failed Segment call. Segment uses 401 also for "this token may
 * not do that", so the 401/403 text names both causes and the region setting (an EU workspace's token
 * fails on the US host). Every error of the body is reported, not only the first.
 */
export const describeSegmentError = (status: number, body: unknown): string | undefined => {
  if (status === 401 || status === 403) {
    return (
      `the Segment token was rejected (${status}): check --token / BATON_TOKEN. It must be a Public API token ` +
      `of a Workspace Owner of this workspace; for an EU workspace also set --region eu (BATON_REGION=eu)`
    );
  }
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success || parsed.data.errors.length === 0) return undefined;
  const details = parsed.data.errors
    .map((error) => {
      const text = error.message ?? error.type ?? "error";
      return error.field ? `${text} (field ${error.field})` : text;
    })
    .join("; ");
  if (status === 429) return `Segment's rate limit was reached: ${details}`;
  return `Segment refused the request (${status}): ${details}`;
};

/** Segment's 429 body carries the wait: `errors[0].data.msBeforeNext` (rate-limiter-flexible's field). */
export const segmentRetryAfterFromBody = (body: unknown): number | undefined => {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  for (const error of parsed.data.errors) {
    const data = error.data as { msBeforeNext?: unknown } | undefined;
    if (
      typeof data?.msBeforeNext === "number" &&
      Number.isFinite(data.msBeforeNext) &&
      data.msBeforeNext >= 0
    ) {
      return data.msBeforeNext;
    }
  }
  return undefined;
};
