import type { Paged } from "./paging.js";

/** Every item of a Segment listing, page by page (provisioning reads small, live lists in full). */
export const collectPages = async <T>(
  fetchPage: (cursor: string | undefined) => Promise<Paged<T>>,
): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return items;
};
