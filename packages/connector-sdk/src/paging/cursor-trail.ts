import { createHash } from "node:crypto";
import type { Page } from "../contract/page.js";
import { ConnectorError, ContractError } from "../errors.js";

/**
 * Pages one listing may take by default before it is stopped: 100,000 (20 million items at 200 a
 * page). A backstop against an API that hands out new cursors forever; a loop over cursors already
 * seen is caught at once, long before it.
 */
export const DEFAULT_MAX_PAGES = 100_000;

/** Cursors longer than this are remembered by their hash: what is kept per page stays small. */
const KEEP_WHOLE = 64;

const fingerprint = (cursor: string): string =>
  cursor.length <= KEEP_WHOLE ? cursor : `#${createHash("sha1").update(cursor).digest("base64")}`;

const shown = (cursor: string): string =>
  JSON.stringify(cursor.length <= 80 ? cursor : `${cursor.slice(0, 77)}...`);

/**
 * The cursors one listing has visited: every next cursor is checked against all of them (a cycle
 * A → B → A is caught, not only a cursor repeated at once) and the pages are counted against a cap.
 * When the page came from an HTTP API (`endpoint` is the last request of the call), a loop is that
 * API's invalid response and the error names the endpoint; without one, the connector itself made
 * the cursor, and it is a bug in the connector.
 */
export class CursorTrail {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    /** What is being listed, for messages: `list() of type user`, `sites (collectAll)`. */
    private readonly where: string,
    start: string | undefined,
    private readonly maxPages: number = DEFAULT_MAX_PAGES,
  ) {
    if (start !== undefined && start !== "") this.seen.add(fingerprint(start));
  }

  /** The page's next cursor, checked; undefined on the last page. */
  next(page: Page<unknown>, endpoint: string | undefined): string | undefined {
    if (page === null || typeof page !== "object" || !Array.isArray(page.items)) {
      throw new ContractError(
        `${this.where} returned ${page === null ? "null" : typeof page}, expected a page { items, nextCursor? }`,
      );
    }
    const next = page.nextCursor;
    if (next === undefined || next === "") return undefined;
    if (typeof next !== "string")
      throw new ContractError(`${this.where} returned a nextCursor that is not a string`);
    this.pages += 1;
    const key = fingerprint(next);
    if (this.seen.has(key)) {
      if (endpoint !== undefined) {
        throw new ConnectorError(
          "invalid-response",
          `${endpoint} returned a next-page cursor that ${this.where} had already visited (${shown(next)}, after ${this.pages} pages): ` +
            "the API is paging in a loop; the listing was stopped instead of paging forever",
          { details: { endpoint, pages: this.pages } },
        );
      }
      throw new ContractError(
        `${this.where} returned a next-page cursor it had already returned (${shown(next)}, after ${this.pages} pages): ` +
          "return a cursor that advances, or none on the last page",
      );
    }
    if (this.pages >= this.maxPages) {
      const detail = `${this.where} still had a next page after ${this.pages} pages`;
      if (endpoint !== undefined) {
        throw new ConnectorError(
          "invalid-response",
          `${endpoint}: ${detail} (the limit per listing): the API keeps handing out new cursors, so the listing ` +
            "was stopped instead of paging forever",
          { details: { endpoint, pages: this.pages } },
        );
      }
      throw new ContractError(`${detail} (the limit): return no nextCursor on the last page`);
    }
    this.seen.add(key);
    return next;
  }
}
