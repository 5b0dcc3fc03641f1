/** Segment's page size: 200 is valid on every endpoint and spec version (the limit was 200 until 2024-03). */
export const PAGE_SIZE = 200;

/** The query of one page: the dot form the docs use (`pagination.count=200&pagination.cursor=…`). */
export const pageQuery = (cursor: string | undefined, count = PAGE_SIZE): Record<string, string | number> =>
  cursor === undefined || cursor === ""
    ? { "pagination.count": count }
    : { "pagination.count": count, "pagination.cursor": cursor };
