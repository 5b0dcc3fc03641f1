import { offsetCursor, offsetPage } from "@baton-ts/connector-sdk/testing";
import { validationError } from "./api-error.js";

/** How the last page says "no more": the real API leaves `next` out or sets it to null. */
export type LastPageNext = "null" | "absent" | "empty";

export interface PaginationOutput {
  current: string;
  next?: string | null;
  previous: string | null;
  totalEntries: number;
}

/**
 * One page of `items` for the request's `pagination.count`/`pagination.cursor` (or the bracket form
 * `pagination[count]`: both are in use), with the real API's pagination block. Cursors look like the
 * real ones: a base64 offset (`MA==` is 0). Omitted pagination means 200 entries (newer docs); a bad
 * count or a forged cursor is a 422.
 */
export const pageOf = <T>(
  items: readonly T[],
  query: URLSearchParams,
  maxCount: number,
  lastPageNext: LastPageNext,
): { items: T[]; pagination: PaginationOutput } => {
  const countText = query.get("pagination.count") ?? query.get("pagination[count]");
  const cursor = query.get("pagination.cursor") ?? query.get("pagination[cursor]");
  const count = countText === null ? 200 : Number(countText);
  if (countText !== null && (!Number.isInteger(count) || count < 1 || count > maxCount)) {
    throw validationError(
      `"pagination.count" must be an integer between 1 and ${maxCount}`,
      "pagination.count",
    );
  }
  const offset = cursor === null || cursor === "" ? 0 : offsetCursor.decode(cursor);
  if (offset === undefined)
    throw validationError(`"pagination.cursor" is not a valid cursor`, "pagination.cursor");
  const page = offsetPage(items, offset, count);
  const pagination: PaginationOutput = {
    current: offsetCursor.encode(offset),
    previous: page.previous === undefined ? null : offsetCursor.encode(page.previous),
    totalEntries: page.total,
  };
  if (page.next !== undefined) pagination.next = offsetCursor.encode(page.next);
  else if (lastPageNext === "null") pagination.next = null;
  else if (lastPageNext === "empty") pagination.next = "";
  return { items: page.items, pagination };
};
