import type { PaginationOutput } from "./schemas/pagination.js";

/** Segment's page size: 200 is valid on every endpoint and spec version (the limit was 200 until 2024-03). */
export const PAGE_SIZE = 200;

/** One page of a Segment listing; `next` is undefined on the last page. */
export interface Paged<T> {
  readonly items: readonly T[];
  readonly next?: string | undefined;
}

/** The last page has `next` missing, null or empty: all three end the listing. */
export const nextCursor = (pagination: PaginationOutput | null | undefined): string | undefined => {
  const next = pagination?.next;
  return typeof next === "string" && next !== "" ? next : undefined;
};

/** The query of one page: the dot form the docs use (`pagination.count=200&pagination.cursor=…`). */
export const pageQuery = (
  cursor: string | undefined,
  count = PAGE_SIZE,
): Record<string, string | number> => ({
  "pagination.count": count,
  ...(cursor === undefined || cursor === "" ? {} : { "pagination.cursor": cursor }),
});
