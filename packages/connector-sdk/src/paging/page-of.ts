import type { Page } from "../contract/page.js";

/**
 * A page from an API's items and next cursor, whatever the API calls "no more pages": a missing,
 * null or empty cursor all end the listing (and leave `nextCursor` out).
 */
export const pageOf = <T>(items: readonly T[], nextCursor?: string | null): Page<T> =>
  nextCursor === undefined || nextCursor === null || nextCursor === "" ? { items } : { items, nextCursor };

/**
 * The same page with each item mapped (an API record to a resource, a member to a grant), keeping its
 * cursor. Items mapped to `undefined` are left out.
 */
export const mapPage = <T, U>(page: Page<T>, map: (item: T, index: number) => U | undefined): Page<U> => {
  const items: U[] = [];
  page.items.forEach((item, index) => {
    const mapped = map(item, index);
    if (mapped !== undefined) items.push(mapped);
  });
  return pageOf(items, page.nextCursor);
};
