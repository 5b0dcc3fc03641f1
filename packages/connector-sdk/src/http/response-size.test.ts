import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { currentCallScope, runInCallScope } from "../contract/call-scope.js";
import { createHttpClient } from "./client.js";
import { HttpError } from "./http-error.js";

const KIB = 1024;
const LIMIT = 256 * KIB;
let server: Server;
let base = "";
const hits = new Map<string, number>();
/** Bytes the server managed to hand to the socket per path before the client hung up. */
const sent = new Map<string, number>();

const jsonOfSize = (bytes: number): string => JSON.stringify({ items: "x".repeat(bytes) });

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === "/small") {
      res.writeHead(200, { "content-type": "application/json" }).end(jsonOfSize(LIMIT / 2));
    } else if (path === "/announced") {
      const body = jsonOfSize(4 * LIMIT);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    } else if (path === "/endless") {
      // No Content-Length: 64 KiB chunks until the client goes away (at most 64 MiB).
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * KIB, "x");
      let total = 0;
      const pump = (): void => {
        while (total < 64 * 1024 * KIB && !res.destroyed) {
          total += chunk.length;
          sent.set(path, total);
          if (!res.write(chunk)) {
            res.once("drain", pump);
            return;
          }
        }
        res.end();
      };
      res.on("close", () => sent.set(path, total));
      pump();
    } else if (path === "/bomb") {
      // Small on the wire, large once decompressed.
      const body = gzipSync(jsonOfSize(16 * LIMIT));
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": body.length,
      });
      res.end(body);
    } else {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const failure = async (promise: Promise<unknown>): Promise<HttpError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof HttpError) return error;
  throw new Error(`expected an HttpError, got ${String(error)}`);
};

const client = () =>
  createHttpClient({ service: "Loop", baseUrl: base, maxResponseBytes: LIMIT, retry: { baseDelayMs: 1 } });

describe("the response size limit", () => {
  it("reads a response within the limit", async () => {
    const body = await client().get("/small", z.object({ items: z.string() }));
    expect(body.items.length).toBe(LIMIT / 2);
  });

  it("refuses a response whose Content-Length is over the limit, once, saying so", async () => {
    const error = await failure(client().get("/announced", z.unknown()));
    expect(error).toMatchObject({ code: "invalid-response", route: "/announced", method: "GET" });
    expect(error.message).toBe(
      "Loop GET /announced sent a response larger than the 0.3 MiB limit (at least 1.0 MiB); the read was stopped. " +
        "Ask for smaller pages, or raise maxResponseBytes of the HTTP client",
    );
    expect(hits.get("/announced")).toBe(1);
  });

  it("stops reading a body without Content-Length as soon as it passes the limit", async () => {
    const error = await failure(client().get("/endless", z.unknown()));
    expect(error.code).toBe("invalid-response");
    expect(error.message).toMatch(/larger than the 0\.3 MiB limit/);
    expect(hits.get("/endless")).toBe(1);
    // The server could hand over socket buffers' worth more, never the 64 MiB it had to send.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(sent.get("/endless")).toBeLessThan(16 * 1024 * KIB);
  });

  it("counts the decompressed size, so a small compressed body cannot blow up memory", async () => {
    const error = await failure(client().get("/bomb", z.unknown()));
    expect(error.code).toBe("invalid-response");
    expect(hits.get("/bomb")).toBe(1);
  });

  it("defaults to 64 MiB", async () => {
    const api = createHttpClient({ service: "Loop", baseUrl: base });
    await expect(api.get("/announced", z.unknown())).resolves.toBeDefined();
  });
});

describe("the call scope", () => {
  it("carries the call's signal to requests and records the endpoint each call used", async () => {
    const api = createHttpClient({ service: "Loop", baseUrl: base });
    const controller = new AbortController();
    const seen = await runInCallScope(controller.signal, async (scope) => {
      await api.get("/ok", z.unknown(), { route: "/ok" });
      await runInCallScope(controller.signal, () => api.get("/small", z.unknown(), { route: "/small" }));
      return { requests: scope.requests, lastEndpoint: scope.lastEndpoint };
    });
    expect(seen).toEqual({ requests: 2, lastEndpoint: "Loop GET /small" });
    expect(currentCallScope()).toBeUndefined();

    controller.abort(new Error("the run was interrupted"));
    await expect(runInCallScope(controller.signal, () => api.get("/ok", z.unknown()))).rejects.toThrow(
      "the run was interrupted",
    );
  });
});
