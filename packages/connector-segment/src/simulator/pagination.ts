import { validationError } from "./api-error.js";

export interface PageRequest {
  readonly count: number;
  readonly offset: number;
}

/** How the last page says "no more": the real API leaves `next` out or sets it to null. */
export type LastPageNext = "null" | "absent" | "empty";

/** Reads `pagination.count`/`pagination.cursor` or the bracket form `pagination[count]` (both are in use). */
export const readPagination = (query: URLSearchParams, maxCount: number): PageRequest => {
  const countText = query.get("pagination.count") ?? query.get("pagination[count]");
  const cursor = query.get("pagination.cursor") ?? query.get("pagination[cursor]");
  // Omitted pagination defaults to 200 entries (newer docs); an explicit bad count is a 422.
  let count = 200;
  if (countText !== null) {
    count = Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > maxCount) {
      throw validationError(
        `"pagination.count" must be an integer between 1 and ${maxCount}`,
        "pagination.count",
      );
    }
  }
  let offset = 0;
  if (cursor !== null && cursor !== "") {
    offset = Number(Buffer.from(cursor, "base64").toString("utf8"));
    if (!Number.isInteger(offset) || offset < 0 || encodeCursor(offset) !== cursor) {
      throw validationError(`"pagination.cursor" is not a valid cursor`, "pagination.cursor");
    }
  }
  return { count, offset };
};

/** Cursors look like the real ones: a base64 offset (`MA==` is 0). */
export const encodeCursor = (offset: number): string =>
  Buffer.from(String(offset), "utf8").toString("base64");

export interface PaginationOutput {
  current: string;
  next?: string | null;
  previous: string | null;
  totalEntries: number;
}

/** One page of `items`, with the real API's pagination block. */
export const pageOf = <T>(
  items: readonly T[],
  request: PageRequest,
  lastPageNext: LastPageNext,
): { items: T[]; pagination: PaginationOutput } => {
  const slice = items.slice(request.offset, request.offset + request.count);
  const end = request.offset + request.count;
  const pagination: PaginationOutput = {
    current: encodeCursor(request.offset),
    previous: request.offset === 0 ? null : encodeCursor(Math.max(0, request.offset - request.count)),
    totalEntries: items.length,
  };
  if (end < items.length) pagination.next = encodeCursor(end);
  else if (lastPageNext === "null") pagination.next = null;
  else if (lastPageNext === "empty") pagination.next = "";
  return { items: slice, pagination };
};
