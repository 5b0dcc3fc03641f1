import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runInCallScope } from "../contract/call-scope.js";
import type { Page } from "../contract/page.js";
import { ConnectorError, ContractError } from "../errors.js";
import { createHttpClient } from "../http/client.js";
import { collectAll } from "./collect-all.js";
import { mapPage, pageOf } from "./page-of.js";
import { stageSequence } from "./stage-sequence.js";

/** Cursors from a list of pages: page i's next cursor is `next[i]`. */
const scripted = (next: readonly (string | undefined)[]) => {
  const calls: (string | undefined)[] = [];
  const fetch = async (cursor: string | undefined): Promise<Page<number>> => {
    calls.push(cursor);
    const index = calls.length - 1;
    return pageOf([index], next[index]);
  };
  return { calls, fetch };
};

const failure = async (promise: Promise<unknown>): Promise<Error> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof Error) return error;
  throw new Error("expected a failure");
};

describe("pageOf and mapPage", () => {
  it("end a listing on a missing, null or empty cursor", () => {
    expect(pageOf([1], undefined)).toEqual({ items: [1] });
    expect(pageOf([1], null)).toEqual({ items: [1] });
    expect(pageOf([1], "")).toEqual({ items: [1] });
    expect(pageOf([1], "c2")).toEqual({ items: [1], nextCursor: "c2" });
  });

  it("map items, keep the cursor, and leave out items mapped to undefined", () => {
    const page = { items: [1, 2, 3, 4], nextCursor: "n" };
    expect(mapPage(page, (n, index) => (n % 2 === 0 ? `${index}:${n}` : undefined))).toEqual({
      items: ["1:2", "3:4"],
      nextCursor: "n",
    });
  });
});

describe("stageSequence", () => {
  const stages = stageSequence("permissions", "users", "invites");
  const read = (log: string[]) => ({
    permissions: async (cursor: string | undefined) => {
      log.push(`permissions ${cursor}`);
      return pageOf(["p"]);
    },
    users: async (cursor: string | undefined) => {
      log.push(`users ${cursor}`);
      return cursor === undefined ? pageOf(["u1"], "u-2") : pageOf(["u2"]);
    },
    invites: async (cursor: string | undefined) => {
      log.push(`invites ${cursor}`);
      return pageOf(["i1"]);
    },
  });

  it("reads one page per call, stage after stage in the declared order", async () => {
    const log: string[] = [];
    const items: string[] = [];
    let cursor: string | undefined;
    const cursors: (string | undefined)[] = [];
    do {
      const page = await stages.page(cursor, read(log));
      items.push(...page.items);
      cursor = page.nextCursor;
      cursors.push(cursor);
    } while (cursor !== undefined);
    expect(items).toEqual(["p", "u1", "u2", "i1"]);
    expect(log).toEqual(["permissions undefined", "users undefined", "users u-2", "invites undefined"]);
    expect(cursors).toEqual([
      '{"stage":"users"}',
      '{"stage":"users","cursor":"u-2"}',
      '{"stage":"invites"}',
      undefined,
    ]);
  });

  it("refuses a cursor it did not make, naming it", async () => {
    for (const bad of ["garbage", '{"stage":"groups"}', '{"stage":"users","cursor":7}']) {
      const error = await failure(stages.page(bad, read([])));
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error.message).toBe(
        `the page cursor ${JSON.stringify(bad)} was not made by this listing (stages permissions, users, invites)`,
      );
    }
  });

  it("needs distinct stages", () => {
    expect(() => stageSequence()).toThrow(ContractError);
    expect(() => stageSequence("a", "b", "a")).toThrow(/names a stage twice/);
  });
});

describe("collectAll", () => {
  it("follows the cursor to the end", async () => {
    const api = scripted(["b", "c", undefined]);
    expect(await collectAll(api.fetch)).toEqual([0, 1, 2]);
    expect(api.calls).toEqual([undefined, "b", "c"]);
  });

  it("stops at a cursor it saw before, not only the last one (a connector's own cursor: a contract error)", async () => {
    const api = scripted(["a", "b", "a", "b"]);
    const error = await failure(collectAll(api.fetch, { what: "roles" }));
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toMatch(
      /^roles returned a next-page cursor it had already returned \("a", after 3 pages\)/,
    );
    expect(api.calls).toEqual([undefined, "a", "b"]);
  });

  it("stops at the page cap", async () => {
    let n = 0;
    const endless = async (): Promise<Page<number>> => pageOf([n], `c${++n}`);
    const error = await failure(collectAll(endless, { what: "sites", maxPages: 5 }));
    expect(error.message).toBe(
      "sites still had a next page after 5 pages (the limit): return no nextCursor on the last page",
    );
    expect(n).toBe(5);
  });

  describe("against an HTTP API that pages in a loop", () => {
    let server: Server;
    let base = "";
    beforeAll(async () => {
      // /roles: page a → b → c → a → … for ever.
      server = createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://x");
        if (url.pathname === "/events") {
          // A new cursor every time, for ever.
          const page = Number(url.searchParams.get("cursor") ?? "0");
          res
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify({ items: [], next: String(page + 1) }));
          return;
        }
        const cursor = url.searchParams.get("cursor") ?? "a";
        const next = { a: "b", b: "c", c: "a" }[cursor] ?? "a";
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ items: [cursor], next }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("blames the API (invalid-response), naming its endpoint", async () => {
      const http = createHttpClient({ service: "Acme", baseUrl: base });
      const schema = z.object({ items: z.array(z.string()), next: z.string() });
      const error = await failure(
        runInCallScope(new AbortController().signal, () =>
          collectAll(
            async (cursor) => {
              const body = await http.get("/roles", schema, { route: "/roles", query: { cursor } });
              return pageOf(body.items, body.next);
            },
            { what: "Acme roles" },
          ),
        ),
      );
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).not.toBeInstanceOf(ContractError);
      expect((error as ConnectorError).code).toBe("invalid-response");
      expect(error.message).toBe(
        'Acme GET /roles returned a next-page cursor that Acme roles had already visited ("b", after 4 pages): ' +
          "the API is paging in a loop; the listing was stopped instead of paging forever",
      );
      expect(http.stats()).toEqual({ "GET /roles": 4 });
    });

    it("stops an API that never ends a listing at the page cap, naming its endpoint", async () => {
      const http = createHttpClient({ service: "Acme", baseUrl: base });
      const schema = z.object({ items: z.array(z.string()), next: z.string() });
      const error = await failure(
        collectAll(
          async (cursor) => {
            const body = await http.get("/events", schema, { route: "/events", query: { cursor } });
            return pageOf(body.items, body.next);
          },
          { what: "Acme events", maxPages: 7 },
        ),
      );
      expect((error as ConnectorError).code).toBe("invalid-response");
      expect(error.message).toBe(
        "Acme GET /events: Acme events still had a next page after 7 pages (the limit per listing): " +
          "the API keeps handing out new cursors, so the listing was stopped instead of paging forever",
      );
      expect(http.stats()).toEqual({ "GET /events": 7 });
    });
  });
});
