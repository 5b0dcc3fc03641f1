import { invalidCursor } from "./api-error.js";
import type { QueryReader } from "./query.js";
import type { Collection } from "./state.js";

export interface PageResult<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
  readonly totalItems: number | null;
}

export interface PagingRules {
  /** Page size when `limit` is absent (the real API: 10). */
  readonly defaultLimit: number;
}

/**
 * Keyset pagination like SentinelOne's: the cursor is base64 of `<kind>_id:<last id>` (compare the real
 * `YWdlbnRfaWQ6NTgwMjkzODE=` = `agent_id:58029381`). `limit` 1–1000, `skip` 0–1000 without a cursor,
 * an empty or foreign cursor → 400 4000010 "Invalid cursor value received", `nextCursor` null on the last page.
 */
export const pageOf = <T extends { id: string }>(
  collection: Collection<T>,
  kind: string,
  query: QueryReader,
  rules: PagingRules,
  matches: (item: T) => boolean,
): PageResult<T> => {
  const limit = query.int("limit", 1, 1000) ?? rules.defaultLimit;
  const all = collection.all();
  let start = 0;
  let skip = 0;
  if (query.has("cursor")) {
    start = collection.indexAfter(decodeCursor(query.string("cursor") ?? "", kind));
  } else {
    skip = query.int("skip", 0, 1000) ?? 0;
  }
  const countOnly = query.bool("countOnly") === true;
  const skipCount = query.bool("skipCount") === true;

  const items: T[] = [];
  let nextCursor: string | null = null;
  if (!countOnly) {
    let index = start;
    for (; index < all.length && items.length < limit; index++) {
      const item = all[index] as T;
      if (!matches(item)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      items.push(item);
    }
    for (; index < all.length; index++) {
      if (matches(all[index] as T)) {
        nextCursor = encodeCursor(kind, (items[items.length - 1] as T).id);
        break;
      }
    }
  }
  let totalItems: number | null = null;
  if (!skipCount) {
    totalItems = 0;
    for (const item of all) if (matches(item)) totalItems++;
  }
  return { items, nextCursor, totalItems };
};

export const encodeCursor = (kind: string, lastId: string): string =>
  Buffer.from(`${kind}_id:${lastId}`, "utf8").toString("base64");

export const decodeCursor = (cursor: string, kind: string): string => {
  if (cursor.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) throw invalidCursor();
  const match = /^([a-z_]+)_id:(\d{1,25})$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (match === null || match[1] !== kind || encodeCursor(kind, match[2] as string) !== cursor)
    throw invalidCursor();
  return match[2] as string;
};
