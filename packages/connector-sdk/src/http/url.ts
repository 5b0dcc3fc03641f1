import type { Query } from "./types.js";

/**
 * Joins the base URL's path and a request path (`/web/api/v2.1` + `/users`) and appends the query.
 * URLSearchParams does the encoding (`emails=a%40b.com`); arrays repeat the key.
 */
export const buildUrl = (base: URL, path: string, query?: Query): URL => {
  const basePath = base.pathname.replace(/\/+$/, "");
  const requestPath = path.startsWith("/") ? path : `/${path}`;
  const url = new URL(`${base.origin}${basePath}${requestPath}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) url.searchParams.append(key, String(item));
    } else {
      url.searchParams.append(key, String(value));
    }
  }
  return url;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment is an identifier rather than a fixed word of the API. */
const looksLikeId = (segment: string): boolean => {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A malformed escape is still a segment; judge it as written.
  }
  if (decoded.includes("@")) return true;
  if (/^\d+$/.test(decoded)) return true;
  if (UUID.test(decoded)) return true;
  // Version words (`v2.1`) are short; generated ids (KSUIDs, Mongo ids, 18-digit ids) are long.
  return decoded.length >= 8 && /\d/.test(decoded);
};

/**
 * The path template of a request for stats and messages: ids and emails become `{id}`, so that
 * `/groups/abc123DEF456/users` and `/groups/zzz999YYY888/users` count as one route.
 */
export const routeTemplate = (path: string): string => {
  const withoutQuery = path.split("?")[0] ?? "";
  return withoutQuery
    .split("/")
    .map((segment) => (segment !== "" && looksLikeId(segment) ? "{id}" : segment))
    .join("/");
};
