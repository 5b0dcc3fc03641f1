/** One page of a list paged by offset, with where the neighbouring pages start. */
export interface OffsetPage<T> {
  readonly items: T[];
  /** Offset of the next page; undefined on the last page. */
  readonly next: number | undefined;
  /** Offset of the previous page (never below 0); undefined on the first page. */
  readonly previous: number | undefined;
  readonly total: number;
}

/** The `limit` items from `offset` on; the API's envelope (cursors, counts) is the simulator's business. */
export const offsetPage = <T>(items: readonly T[], offset: number, limit: number): OffsetPage<T> => {
  const end = offset + limit;
  return {
    items: items.slice(offset, end),
    next: end < items.length ? end : undefined,
    previous: offset === 0 ? undefined : Math.max(0, offset - limit),
    total: items.length,
  };
};
