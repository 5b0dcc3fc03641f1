import { base64Cursor, type IdCollection, keysetPage } from "@baton-ts/connector-sdk/testing";
import { invalidCursor } from "./api-error.js";
import type { QueryReader } from "./query.js";

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
  collection: IdCollection<T>,
  kind: string,
  query: QueryReader,
  rules: PagingRules,
  matches: (item: T) => boolean,
): PageResult<T> => {
  const limit = query.int("limit", 1, 1000) ?? rules.defaultLimit;
  const cursor = query.has("cursor");
  const page = keysetPage(collection, {
    ...(cursor ? { after: decodeCursor(query.string("cursor") ?? "", kind) } : {}),
    limit,
    skip: cursor ? 0 : (query.int("skip", 0, 1000) ?? 0),
    matches,
    countOnly: query.bool("countOnly") === true,
    count: query.bool("skipCount") !== true,
  });
  const last = page.items[page.items.length - 1];
  return {
    items: page.items,
    nextCursor: page.more && last !== undefined ? encodeCursor(kind, last.id) : null,
    totalItems: page.total,
  };
};

export const encodeCursor = (kind: string, lastId: string): string =>
  base64Cursor.encode(`${kind}_id:${lastId}`);

export const decodeCursor = (cursor: string, kind: string): string => {
  const match = /^([a-z_]+)_id:(\d{1,25})$/.exec(base64Cursor.decode(cursor) ?? "");
  if (match === null || match[1] !== kind) throw invalidCursor();
  return match[2] as string;
};
