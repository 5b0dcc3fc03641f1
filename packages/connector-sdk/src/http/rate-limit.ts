/**
 * Reading how long a server wants us to wait. Vendors disagree on the unit of a reset header, so
 * the unit is decided by the value's magnitude and form.
 */
export type HeaderBag = Readonly<Record<string, string | string[] | undefined>> | Headers;

/** The first value of a header, whatever the case of its name. */
export const headerValue = (headers: HeaderBag, name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first?.trim();
  }
  return undefined;
};

/** Epoch milliseconds start at about 1e12 (2001); epoch seconds at about 1e9 (2001). */
const EPOCH_MS_FLOOR = 1e12;
const EPOCH_S_FLOOR = 1e9;

const clampWait = (ms: number): number => Math.max(0, Math.ceil(ms));

/** `Retry-After`: delay-seconds or an HTTP date (RFC 9110). */
export const parseRetryAfter = (value: string, now: number): number | undefined => {
  if (/^\d+(\.\d+)?$/.test(value)) return clampWait(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clampWait(date - now);
};

/**
 * A reset header (`X-RateLimit-Reset` and kin): seconds from now, epoch seconds, epoch
 * milliseconds, or an RFC 5322 date.
 */
export const parseResetHeader = (value: string, now: number): number | undefined => {
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    if (n >= EPOCH_MS_FLOOR) return clampWait(n - now);
    if (n >= EPOCH_S_FLOOR) return clampWait(n * 1000 - now);
    return clampWait(n * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clampWait(date - now);
};

const RESET_HEADERS = ["x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset"];
const REMAINING_HEADERS = ["x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining"];

const firstParsed = (headers: HeaderBag, names: readonly string[], now: number): number | undefined => {
  for (const name of names) {
    const value = headerValue(headers, name);
    if (value === undefined || value === "") continue;
    const wait = parseResetHeader(value, now);
    if (wait !== undefined) return wait;
  }
  return undefined;
};

/**
 * How long to wait before retrying a rate-limited request, in ms, or undefined when the response
 * gives no hint. Order: `Retry-After`, then the body hint (e.g. Segment's `msBeforeNext`), then a
 * reset header.
 */
export const parseRateLimitWait = (
  headers: HeaderBag,
  body?: unknown,
  now: number = Date.now(),
  fromBody?: (body: unknown) => number | undefined,
): number | undefined => {
  const retryAfter = headerValue(headers, "retry-after");
  if (retryAfter !== undefined && retryAfter !== "") {
    const wait = parseRetryAfter(retryAfter, now);
    if (wait !== undefined) return wait;
  }
  if (fromBody !== undefined && body !== undefined) {
    const hint = safeHint(fromBody, body);
    if (hint !== undefined) return hint;
  }
  return firstParsed(headers, RESET_HEADERS, now);
};

/** A body-hint reader is connector code; a bug in it must not turn a 429 into a crash. */
const safeHint = (fromBody: (body: unknown) => number | undefined, body: unknown): number | undefined => {
  try {
    const hint = fromBody(body);
    return typeof hint === "number" && Number.isFinite(hint) ? clampWait(hint) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * On a successful response: when the server says no requests remain in this window, how long until
 * the window resets (ms). Undefined while requests remain or when no reset is given.
 */
export const parseQuotaExhaustedWait = (headers: HeaderBag, now: number = Date.now()): number | undefined => {
  for (const name of REMAINING_HEADERS) {
    const remaining = headerValue(headers, name);
    if (remaining === undefined || remaining === "") continue;
    if (Number(remaining) > 0) return undefined;
    return firstParsed(headers, RESET_HEADERS, now);
  }
  return undefined;
};
