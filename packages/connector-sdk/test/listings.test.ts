import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { C1zFile, C1zLockedError } from "@baton-ts/c1z";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineConnector } from "../src/contract/connector.js";
import { runSync } from "../src/engine/index.js";
import { ConnectorError, ContractError } from "../src/errors.js";
import { createHttpClient } from "../src/http/index.js";
import { createMemoryLogger, nullLogger } from "../src/log/index.js";
import { grant, resourceId, userResource } from "../src/model/index.js";
import { pageOf } from "../src/paging/index.js";
import { createSampleDirectory, sampleConnector } from "../src/sample/index.js";
import { memoryConnector } from "../src/testing/index.js";
import { useTempDir } from "./support/files.js";
import { sampleWith } from "./support/sample-with.js";

const tempDir = useTempDir();

const failure = async (promise: Promise<unknown>): Promise<Error> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof Error) return error;
  throw new Error("expected the sync to fail");
};

const syncSample = (connector = sampleConnector, extra: Partial<Parameters<typeof runSync>[0]> = {}) =>
  runSync({
    connector,
    client: createSampleDirectory(),
    file: join(tempDir(), "x.c1z"),
    logger: nullLogger,
    ...extra,
  });

describe("every listing of the engine", () => {
  it("stops at a cursor that comes back after other pages (A → B → A), blaming a connector that made it", async () => {
    let calls = 0;
    const looping = sampleWith("user", (def) => ({
      list: async (client, args, ctx) => {
        calls += 1;
        const page = await def.list(client, { cursor: undefined }, ctx);
        return { items: page.items, nextCursor: args.cursor === "A" ? "B" : "A" };
      },
    }));
    const error = await failure(syncSample(looping));
    expect(error).toBeInstanceOf(ContractError);
    expect(error.message).toBe(
      'list() of type user returned a next-page cursor it had already returned ("A", after 3 pages): ' +
        "return a cursor that advances, or none on the last page",
    );
    expect(calls).toBe(3);
  });

  it("stops a listing at its page cap", async () => {
    const endless = sampleWith("group", () => ({
      grants: async (_client, args) => {
        const next = Number(args.cursor ?? "0") + 1;
        return pageOf([grant(args.resource, "member", resourceId("user", "alice"))], String(next));
      },
    }));
    const error = await failure(syncSample(endless, { maxPagesPerListing: 25 }));
    expect(error.message).toMatch(
      /^grants\(\) of group:\w+ still had a next page after 25 pages \(the limit\)/,
    );
  });

  describe("against an HTTP API that pages in a loop", () => {
    let server: Server;
    let base = "";
    let requests = 0;
    beforeAll(async () => {
      // GET /people: p1 → p2 → p3 → p2 → … for ever.
      server = createServer((req, res) => {
        requests += 1;
        const cursor = new URL(req.url ?? "/", "http://x").searchParams.get("cursor") ?? "p1";
        const next = { p1: "p2", p2: "p3", p3: "p2" }[cursor] ?? "p1";
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ people: [`${cursor}-person`], next }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("fails with an invalid API response naming the endpoint, not a connector bug", async () => {
      const schema = z.object({ people: z.array(z.string()), next: z.string() });
      const connector = defineConnector({
        id: "people",
        version: "1.0.0",
        metadata: { displayName: "People", description: "an API that loops" },
        config: z.object({}),
        connect: () => createHttpClient({ service: "People", baseUrl: base }),
        async validate() {},
        resourceTypes: [
          {
            id: "user",
            displayName: "User",
            traits: ["user"],
            // No signal passed by hand: the call scope carries it to the HTTP client.
            async list(http, { cursor }) {
              const body = await http.get("/people", schema, { route: "/people", query: { cursor } });
              return pageOf(
                body.people.map((id) => userResource({ type: "user", id, displayName: id, user: {} })),
                body.next,
              );
            },
          },
        ],
      });
      const client = await connector.connect({}, { logger: nullLogger, userAgent: "t" });
      const error = await failure(
        runSync({ connector, client, file: join(tempDir(), "loop.c1z"), logger: nullLogger }),
      );
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).not.toBeInstanceOf(ContractError);
      expect((error as ConnectorError).code).toBe("invalid-response");
      expect(error.message).toBe(
        'People GET /people returned a next-page cursor that list() of type user had already visited ("p2", after 3 pages): ' +
          "the API is paging in a loop; the listing was stopped instead of paging forever",
      );
      expect(requests).toBe(3);
    });
  });
});

describe("a grant on an entitlement the sync never listed", () => {
  const withGhostGrants = sampleWith("group", (def) => ({
    grants: async (client, args, ctx) => {
      const page = await (def.grants as NonNullable<typeof def.grants>)(client, args, ctx);
      // Like an API that still lists a holder of a deleted role.
      return { ...page, items: [...page.items, grant(args.resource, "owner", resourceId("user", "alice"))] };
    },
  }));

  it("fails the sync by default", async () => {
    expect(await failure(syncSample(withGhostGrants))).toBeInstanceOf(ContractError);
  });

  it("is left out with `drop`, counted in the summary and logged once at warn level", async () => {
    const logger = createMemoryLogger("debug");
    const file = join(tempDir(), "drop.c1z");
    const clean = await syncSample();
    const summary = await runSync({
      connector: { ...withGhostGrants, unlistedEntitlementGrants: "drop" },
      client: createSampleDirectory(),
      file,
      logger,
    });
    // One per grants page of a group (the sample pages members two at a time): 4 pages in all.
    expect(summary.droppedGrants).toBe(4);
    expect(summary.grants).toBe(clean.grants);
    const warnings = logger.records.filter((record) => record.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/^a grant names an entitlement this sync did not list; it is left out/);
    expect(logger.records.filter((record) => record.msg.startsWith("a grant names")).length).toBe(4);
    const reader = await C1zFile.open(file, { readOnly: true, tempDir: tempDir() });
    try {
      expect([...reader.iterateGrants({})].some((stored) => stored.id.includes(":owner:"))).toBe(false);
    } finally {
      reader.close();
    }
    // The run option overrides the connector's choice.
    const strict = { ...withGhostGrants, unlistedEntitlementGrants: "drop" as const };
    expect(await failure(syncSample(strict, { unlistedEntitlementGrants: "fail" }))).toBeInstanceOf(
      ContractError,
    );
  });
});

describe("two syncs into one file", () => {
  it("refuses the second at once, naming the first, and the first finishes intact", async () => {
    const file = join(tempDir(), "shared.c1z");
    const connector = memoryConnector({
      resources: 200,
      grantsPerResource: 3,
      usersPerPage: 10,
      latencyMs: 1,
    });
    const first = runSync({
      connector,
      client: await connector.connect({}, { logger: nullLogger, userAgent: "t" }),
      file,
      logger: nullLogger,
    });
    // The first holds the lock from its open; wait until it exists, then start the second.
    for (let i = 0; i < 500; i += 1) {
      if (await import("node:fs").then((fs) => fs.existsSync(`${file}.lock`))) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const second = await failure(
      runSync({
        connector,
        client: await connector.connect({}, { logger: nullLogger, userAgent: "t" }),
        file,
        logger: nullLogger,
      }),
    );
    expect(second).toBeInstanceOf(C1zLockedError);
    expect(second.message).toContain(`process ${process.pid}`);
    const summary = await first;
    expect(summary.resumed).toBe(false);
    const reference = await runSync({
      connector,
      client: await connector.connect({}, { logger: nullLogger, userAgent: "t" }),
      file: join(tempDir(), "reference.c1z"),
      logger: nullLogger,
    });
    expect(summary.grants).toBe(reference.grants);
    expect(summary.resources).toEqual(reference.resources);
  });
});
