import type { IdCollection } from "./id-collection.js";

export interface KeysetPageRequest<T> {
  /** Start after the object with this id (the cursor's content); absent for the first page. */
  readonly after?: string;
  readonly limit: number;
  /** Matching objects to leave out before the page starts (an offset on top of the cursor). */
  readonly skip?: number;
  /** Which objects the list shows (filters, what the caller may see); default all. */
  readonly matches?: (item: T) => boolean;
  /** Count the matching objects (default true); APIs let callers skip this, and it costs a full scan. */
  readonly count?: boolean;
  /** Only count: no items (`countOnly`). */
  readonly countOnly?: boolean;
}

export interface KeysetPage<T> {
  readonly items: T[];
  /** Whether more matching objects follow; the next cursor is then the last item's id. */
  readonly more: boolean;
  /** Matching objects in the whole collection, or null when not counted. */
  readonly total: number | null;
}

/** One page of a keyset-paged list: up to `limit` matching objects after the cursor's id. */
export const keysetPage = <T extends { readonly id: string }>(
  collection: IdCollection<T>,
  request: KeysetPageRequest<T>,
): KeysetPage<T> => {
  const matches = request.matches ?? (() => true);
  const all = collection.all();
  const items: T[] = [];
  let more = false;
  if (request.countOnly !== true) {
    let skip = request.skip ?? 0;
    let index = request.after === undefined ? 0 : collection.indexAfter(request.after);
    for (; index < all.length && items.length < request.limit; index++) {
      const item = all[index] as T;
      if (!matches(item)) continue;
      if (skip > 0) skip--;
      else items.push(item);
    }
    for (; index < all.length && !more; index++) more = matches(all[index] as T);
  }
  let total: number | null = null;
  if (request.count !== false) {
    total = 0;
    for (const item of all) if (matches(item)) total++;
  }
  return { items, more, total };
};
