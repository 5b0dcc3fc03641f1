import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  EntitlementSchema,
  fromJson,
  GrantSchema,
  type JsonValue,
  ResourceSchema,
  registry,
  toJson,
} from "@baton-ts/protocol";
import { z } from "zod";
import type { AnyConnectorDefinition } from "../../src/contract/connector.js";
import type { Page } from "../../src/contract/page.js";
import type { ResourceTypeDefinition } from "../../src/contract/resource-type.js";
import { createHttpClient } from "../../src/http/index.js";
import type { HttpClient } from "../../src/http/types.js";
import { createSampleDirectory, sampleConnector } from "../../src/sample/index.js";
import { memorySession } from "../../src/session/memory-session.js";

/**
 * The sample connector behind HTTP: a tiny simulator serving the sample directory as JSON pages, and a
 * connector that reads it through the sdk's HTTP client. Lets the kit's HTTP fault injection run
 * against a real client (retries, rate-limit hints, typed errors).
 */
export const startSampleServer = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const directory = createSampleDirectory();
  const defs = new Map(sampleConnector.resourceTypes.map((def) => [def.id, def]));
  const ctx = {
    logger: { level: "error" } as never,
    signal: new AbortController().signal,
    session: memorySession(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      try {
        const url = new URL(req.url ?? "/", "http://x");
        const [, , , type = "", op = ""] = url.pathname.split("/");
        const def = defs.get(type);
        if (def === undefined) throw new Error(`no type ${type}`);
        const body =
          chunks.length === 0
            ? {}
            : (JSON.parse(Buffer.concat(chunks).toString()) as { resource?: JsonValue; cursor?: string });
        const cursor = url.searchParams.get("cursor") ?? body.cursor ?? undefined;
        let page: Page<{ $typeName: string }>;
        if (op === "resources") {
          const parentType = url.searchParams.get("parentType");
          const parent =
            parentType === null
              ? undefined
              : {
                  $typeName: "c1.connector.v2.ResourceId" as const,
                  resourceType: parentType,
                  resource: url.searchParams.get("parentId") ?? "",
                  batonResource: false,
                };
          page = await def.list(directory, { cursor, parent }, ctx);
        } else {
          const resource = fromJson(ResourceSchema, body.resource ?? null, { registry });
          const list = op === "entitlements" ? def.entitlements : def.grants;
          page = list === undefined ? { items: [] } : await list(directory, { resource, cursor }, ctx);
        }
        const schema =
          op === "resources" ? ResourceSchema : op === "entitlements" ? EntitlementSchema : GrantSchema;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            items: page.items.map((item) => toJson(schema, item as never, { registry })),
            nextCursor: page.nextCursor,
          }),
        );
      } catch (error) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const pageSchema = z.object({ items: z.array(z.unknown()), nextCursor: z.string().optional() });

/** Reads Segment-style body hints so the "429 with a body hint only" scenario is honoured. */
const msBeforeNext = (body: unknown): number | undefined => {
  const hint = (body as { errors?: { data?: { msBeforeNext?: unknown } }[] } | undefined)?.errors?.[0]?.data
    ?.msBeforeNext;
  return typeof hint === "number" ? hint : undefined;
};

export const makeRemoteClient = (baseUrl: string): HttpClient =>
  createHttpClient({
    service: "Sample",
    baseUrl,
    retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50 },
    retryAfterFromBody: msBeforeNext,
    timeoutMs: 5000,
  });

/**
 * The remote sample connector. `lossy` swallows failures and returns an empty page, the classic bug
 * fault injection must catch.
 */
export const remoteSampleConnector = (options: { lossy?: boolean } = {}): AnyConnectorDefinition => {
  const guard = async <T>(call: () => Promise<Page<T>>): Promise<Page<T>> => {
    if (!options.lossy) return call();
    try {
      return await call();
    } catch {
      return { items: [] };
    }
  };
  const remote = (def: ResourceTypeDefinition<unknown>): ResourceTypeDefinition<HttpClient> => ({
    id: def.id,
    displayName: def.displayName,
    ...(def.traits === undefined ? {} : { traits: def.traits }),
    ...(def.children === undefined ? {} : { children: def.children }),
    list: (http, { cursor, parent }, ctx) =>
      guard(async () => {
        const page = await http.get(`/types/${def.id}/resources`, pageSchema, {
          signal: ctx.signal,
          query: { cursor, parentType: parent?.resourceType, parentId: parent?.resource },
        });
        return {
          items: page.items.map((item) => fromJson(ResourceSchema, item as JsonValue, { registry })),
          nextCursor: page.nextCursor,
        };
      }),
    entitlements: (http, { resource, cursor }, ctx) =>
      guard(async () => {
        const { data } = await http.request({
          method: "POST",
          path: `/types/${def.id}/entitlements`,
          body: { resource: toJson(ResourceSchema, resource, { registry }), cursor },
          schema: pageSchema,
          retryMode: "idempotent",
          signal: ctx.signal,
        });
        return {
          items: data.items.map((item) => fromJson(EntitlementSchema, item as JsonValue, { registry })),
          nextCursor: data.nextCursor,
        };
      }),
    grants: (http, { resource, cursor }, ctx) =>
      guard(async () => {
        const { data } = await http.request({
          method: "POST",
          path: `/types/${def.id}/grants`,
          body: { resource: toJson(ResourceSchema, resource, { registry }), cursor },
          schema: pageSchema,
          retryMode: "idempotent",
          signal: ctx.signal,
        });
        return {
          items: data.items.map((item) => fromJson(GrantSchema, item as JsonValue, { registry })),
          nextCursor: data.nextCursor,
        };
      }),
  });
  return {
    ...sampleConnector,
    id: "remote-sample",
    resourceTypes: sampleConnector.resourceTypes.map((def) => remote(def as ResourceTypeDefinition<unknown>)),
  };
};
