import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Effect from "effect/Effect";
import type { Logger } from "../../log/logger.js";
import { messageOf } from "./task-outcome.js";

export interface HealthChecks {
  /** The connector's validate (calls the upstream API). */
  readonly validate: (signal: AbortSignal) => Promise<void>;
  /** Whether the connector's client exists (it is built once at start). */
  readonly ready: () => boolean;
}

export interface HealthServerOptions {
  readonly host: string;
  readonly port: number;
  readonly checks: HealthChecks;
  readonly logger: Logger;
  /** /health's limit for validate (default 30 s). */
  readonly validateTimeoutMs?: number;
}

const reply = (
  res: import("node:http").ServerResponse,
  status: number,
  body: { status: string; details?: Record<string, string> },
): void => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      status: body.status,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      ...(body.details === undefined ? {} : { details: body.details }),
    }),
  );
};

/**
 * baton-sdk's health endpoints, for probes: `/live` (the process answers), `/ready` (the connector's
 * client exists), `/health` (the connector's validate passes, within 30 s). JSON
 * `{status, timestamp, details?}`; any method; 10 s to send headers. It starts after the startup Hello.
 */
export const startHealthServer = async (options: HealthServerOptions): Promise<Server> => {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === "/live") return reply(res, 200, { status: "alive" });
    if (path === "/ready") {
      return options.checks.ready()
        ? reply(res, 200, { status: "ready" })
        : reply(res, 503, { status: "not_ready" });
    }
    if (path === "/health") {
      const signal = AbortSignal.timeout(options.validateTimeoutMs ?? 30_000);
      options.checks.validate(signal).then(
        () => reply(res, 200, { status: "healthy" }),
        (error: unknown) => {
          const message = signal.aborted ? "validation timed out" : messageOf(error);
          options.logger.warn(`health check failed: ${message}`);
          reply(res, 503, {
            status: "unhealthy",
            details: { error: "validation failed", validation_error: message },
          });
        },
      );
      return;
    }
    reply(res, 404, { status: "not_found" });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  options.logger.info("health checks listening", {
    address: `http://${options.host}:${address.port}`,
    paths: ["/health", "/ready", "/live"],
  });
  return server;
};

/** Closes the server, giving open requests up to 5 s (then they are cut). */
export const stopHealthServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });

/** The health server as a scoped resource of the service. */
export const healthServer = (options: HealthServerOptions) =>
  Effect.acquireRelease(
    Effect.tryPromise({ try: () => startHealthServer(options), catch: (error) => error }),
    (server) => Effect.promise(() => stopHealthServer(server)),
  );
