import { currentCallScope, runInCallScope } from "../contract/call-scope.js";
import type { Page } from "../contract/page.js";
import { CursorTrail, DEFAULT_MAX_PAGES } from "./cursor-trail.js";

export interface CollectOptions {
  /** What is listed, for messages (default "a whole-list read"): `SentinelOne sites`. */
  readonly what?: string;
  /** Pages at most (default 100,000): a backstop for an API that never ends a listing. */
  readonly maxPages?: number;
}

/**
 * Reads a whole listing, following its cursor to the end: for the few lists a connector needs in one
 * piece (roles, the scope catalog). Every cursor is checked against all earlier ones and the pages are
 * capped, so an API that pages in a loop fails with an invalid-response error naming its endpoint
 * instead of running forever. The listing's requests run in the current call, under its signal.
 */
export const collectAll = async <T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: CollectOptions = {},
): Promise<T[]> => {
  const signal = currentCallScope()?.signal ?? new AbortController().signal;
  const trail = new CursorTrail(
    options.what ?? "a whole-list read",
    undefined,
    options.maxPages ?? DEFAULT_MAX_PAGES,
  );
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const { page, endpoint } = await runInCallScope(signal, async (scope) => {
      const fetched = await fetchPage(cursor);
      return { page: fetched, endpoint: scope.lastEndpoint };
    });
    items.push(...page.items);
    cursor = trail.next(page, endpoint);
  } while (cursor !== undefined);
  return items;
};
