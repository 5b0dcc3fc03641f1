import { errorBodySchema } from "./schemas/envelope.js";

/** `title: detail (code)` of a SentinelOne error body, or undefined when the body is not one. */
export const summarizeErrorBody = (body: unknown): string | undefined => {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const first = parsed.data.errors[0];
  if (first === undefined) return undefined;
  const text = [first.title, first.detail].filter(
    (part) => part !== null && part !== undefined && part !== "",
  );
  return `${text.join(": ")}${first.code === null || first.code === undefined ? "" : ` (code ${first.code})`}`;
};

/**
 * The sentence a person reads for a refused call. The HTTP client appends method, route and status.
 * Permission messages are refined per call by the client (it knows which call needed what).
 */
export const describeSentinelOneError = (status: number, body: unknown): string | undefined => {
  const summary = summarizeErrorBody(body);
  const says = summary === undefined ? "" : ` SentinelOne says: ${summary}.`;
  if (status === 401) {
    return `SentinelOne rejected the API token (401): it is wrong, expired or revoked. Check --api-token / BATON_API_TOKEN (service-user tokens expire on the date chosen when they were issued).${says}`;
  }
  if (status === 403) {
    return `SentinelOne refused the call (403): the token's user or service user lacks the permission or scope for it.${says}`;
  }
  if (status === 400) return `SentinelOne rejected the request as invalid (400).${says}`;
  if (status === 404) return `SentinelOne has no such object (404).${says}`;
  if (status === 429) return `SentinelOne rate-limited the call (429).${says}`;
  if (status >= 500) return `SentinelOne failed to answer (${status}); this is usually temporary.${says}`;
  return undefined;
};
