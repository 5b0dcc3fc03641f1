import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryLogger } from "../log/memory-logger.js";
import { createHttpClient } from "./client.js";
import { HttpError } from "./http-error.js";

// nock cannot reset a socket or stall a response for got, so these run against a tiny loopback server.
const TOKEN = "net_secret_8c7b6a5d4e";
let server: Server;
let base = "";
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    if (path === "/reset") {
      req.socket.destroy();
    } else if (path === "/reset-once" && n === 1) {
      req.socket.destroy();
    } else if (path === "/stall") {
      // Never answers: the client's timeout must fire.
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

const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const failure = async (promise: Promise<unknown>): Promise<HttpError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof HttpError) return error;
  throw new Error(`expected an HttpError, got ${String(error)}`);
};

describe("network failures against a loopback server", () => {
  it("a connection reset on GET is retried and then succeeds", async () => {
    const api = createHttpClient({ service: "Loop", baseUrl: base, retry: fast });
    expect(await api.get("/reset-once", z.object({ ok: z.boolean() }))).toEqual({ ok: true });
    expect(hits.get("/reset-once")).toBe(2);
  });

  it("a connection reset on POST is not retried → unavailable (connection-reset)", async () => {
    const api = createHttpClient({ service: "Loop", baseUrl: base, retry: fast });
    const error = await failure(
      api.request({ method: "POST", path: "/reset", body: {}, schema: z.unknown() }),
    );
    expect(error).toMatchObject({
      code: "unavailable",
      network: "connection-reset",
      method: "POST",
      route: "/reset",
    });
    expect(api.stats()).toEqual({ "POST /reset": 1 });
  });

  it("a connection reset on a PUT without a retry mode is not retried (a stale list is never re-sent)", async () => {
    const api = createHttpClient({ service: "Loop", baseUrl: base, retry: fast });
    const error = await failure(
      api.request({ method: "PUT", path: "/reset", body: { permissions: [] }, schema: z.unknown() }),
    );
    expect(error).toMatchObject({ code: "unavailable", network: "connection-reset", method: "PUT" });
    expect(api.stats()).toEqual({ "PUT /reset": 1 });
  });

  it("a stalled response times out → unavailable (timeout), retried for GET, token never shown", async () => {
    const logger = createMemoryLogger();
    const api = createHttpClient({
      service: "Loop",
      baseUrl: base,
      timeoutMs: 50,
      retry: { ...fast, maxAttempts: 2 },
      authHeaders: { "x-api-key": TOKEN },
      logger,
      debug: true,
    });
    const error = await failure(api.get(`/stall`, z.unknown(), { query: { key: TOKEN } }));
    expect(error).toMatchObject({ code: "unavailable", network: "timeout" });
    expect(error.message).toMatch(/Loop GET \/stall timed out/);
    expect(api.stats()).toEqual({ "GET /stall": 2 });
    for (const surface of [
      String(error),
      error.stack,
      JSON.stringify(error),
      JSON.stringify(logger.records),
    ]) {
      expect(surface).not.toContain(TOKEN);
    }
  });

  it("aborting the signal cancels a request in flight at once", async () => {
    // The alternative to cancelling at once is waiting out an hour-long timeout: the bound below is that
    // difference, with room for any busy machine, not a speed target.
    const api = createHttpClient({ service: "Loop", baseUrl: base, timeoutMs: 3_600_000, retry: fast });
    const controller = new AbortController();
    const started = performance.now();
    const pending = api.get("/stall", z.unknown(), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("run interrupted")), 30);
    await expect(pending).rejects.toThrow("run interrupted");
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(api.stats()).toEqual({ "GET /stall": 1 });
  });

  it("a refused connection is retried for a POST marked unprocessed (the request never left)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const api = createHttpClient({ service: "Loop", baseUrl: `http://127.0.0.1:${port}`, retry: fast });
    const error = await failure(
      api.request({ method: "POST", path: "/x", body: {}, schema: z.unknown(), retryMode: "unprocessed" }),
    );
    expect(error).toMatchObject({ code: "unavailable", network: "connection-refused" });
    expect(error.message).toBe(
      `Loop POST /x could not connect to 127.0.0.1:${port} (connection refused) (ECONNREFUSED)`,
    );
    expect(api.stats()).toEqual({ "POST /x": 3 });
  });
});
