import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One injected failure. */
export type Fault =
  /** 429 with `Retry-After: <seconds>` (default 0) unless `retryAfterSeconds` is null; `body` as JSON. */
  | { readonly kind: "rate-limit"; readonly retryAfterSeconds?: number | null; readonly body?: unknown }
  /** A 5xx (default 503) with a JSON or an HTML body, as gateways send. */
  | { readonly kind: "server-error"; readonly status?: number; readonly format?: "json" | "html" }
  /** The connection is destroyed before any response (the client sees a reset / socket hang up). */
  | { readonly kind: "reset" }
  /** The request is forwarded after a delay. */
  | { readonly kind: "slow"; readonly delayMs: number }
  /** The real response is forwarded with its body cut in half (malformed JSON). */
  | { readonly kind: "truncated-body" };

export type FaultKind = Fault["kind"];

export interface FaultRule {
  /** Index of the first counted request it applies to (0-based). */
  readonly at: number;
  /** How many consecutive requests get it (a burst; default 1). */
  readonly count?: number;
  readonly fault: Fault;
}

/** Which requests fail, decided by request index so that a plan replays identically. */
export interface FaultPlan {
  readonly rules?: readonly FaultRule[];
  /** Besides the rules: each request fails with probability `rate`, picking one of `faults`, from `seed`. */
  readonly random?: {
    readonly seed: number;
    readonly rate: number;
    readonly faults: readonly Fault[];
    /** At most this many random faults in all (default: no limit), so a long sync still finishes. */
    readonly maxFaults?: number;
  };
  /** Only matching requests are counted and may fail (default: all). */
  readonly match?: (request: { readonly method: string; readonly path: string }) => boolean;
}

export interface FaultProxyStats {
  /** Requests received (counted or not). */
  requests: number;
  /** Requests that matched the plan's `match` (these carry the indexes rules refer to). */
  counted: number;
  forwarded: number;
  injected: Record<FaultKind, number>;
}

export interface FaultProxy {
  /** The proxy's base URL: the target's URL with the proxy's origin (same path prefix). */
  readonly url: string;
  readonly stats: FaultProxyStats;
  /** Called for every request, before any fault (e.g. to kill a process after N requests). */
  onRequest(listener: (index: number, method: string, path: string) => void): void;
  close(): Promise<void>;
}

/** A small deterministic hash → [0, 1): the same seed and index always give the same decision. */
const unitFromSeed = (seed: number, index: number): number => {
  let x = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
};

const faultFor = (plan: FaultPlan, index: number, randomSoFar: number): Fault | undefined => {
  for (const rule of plan.rules ?? []) {
    if (index >= rule.at && index < rule.at + (rule.count ?? 1)) return rule.fault;
  }
  const random = plan.random;
  if (
    random !== undefined &&
    random.faults.length > 0 &&
    randomSoFar < (random.maxFaults ?? Number.POSITIVE_INFINITY) &&
    unitFromSeed(random.seed, index) < random.rate
  ) {
    const pick = Math.floor(unitFromSeed(random.seed + 1, index) * random.faults.length);
    return random.faults[pick];
  }
  return undefined;
};

const HTML_ERROR = (status: number): string =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n`;

/**
 * A loopback HTTP proxy in front of any simulator that injects failures deterministically: 429 bursts
 * (Retry-After and/or a body hint), 5xx with JSON or HTML bodies, connection resets, slow responses and
 * truncated bodies. Point the connector's base URL at `url`. Plain HTTP only (simulators are loopback).
 */
export const startFaultProxy = async (options: {
  target: string;
  faults?: FaultPlan;
}): Promise<FaultProxy> => {
  const target = new URL(options.target);
  if (target.protocol !== "http:")
    throw new Error(`startFaultProxy: target must be an http:// URL, got ${options.target}`);
  const plan = options.faults ?? {};
  const listeners: ((index: number, method: string, path: string) => void)[] = [];
  let randomFaults = 0;
  const stats: FaultProxyStats = {
    requests: 0,
    counted: 0,
    forwarded: 0,
    injected: { "rate-limit": 0, "server-error": 0, reset: 0, slow: 0, "truncated-body": 0 },
  };

  const forward = (req: IncomingMessage, res: ServerResponse, truncate: boolean): void => {
    stats.forwarded += 1;
    const upstream = httpRequest(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (response) => {
        if (!truncate) {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const body = Buffer.concat(chunks);
          const cut = body.subarray(0, Math.floor(body.length / 2));
          const headers = { ...response.headers };
          delete headers["content-length"];
          delete headers["transfer-encoding"];
          res.writeHead(response.statusCode ?? 200, { ...headers, "content-length": String(cut.length) });
          res.end(cut);
        });
      },
    );
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`fault proxy: upstream failed: ${error.message}`);
    });
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    stats.requests += 1;
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const counted = plan.match === undefined || plan.match({ method, path });
    const index = counted ? stats.counted++ : -1;
    for (const listener of listeners) listener(index, method, path);
    const ruled =
      counted && (plan.rules ?? []).some((rule) => index >= rule.at && index < rule.at + (rule.count ?? 1));
    const fault = counted ? faultFor(plan, index, randomFaults) : undefined;
    if (fault !== undefined && !ruled) randomFaults += 1;
    if (fault === undefined) {
      forward(req, res, false);
      return;
    }
    stats.injected[fault.kind] += 1;
    switch (fault.kind) {
      case "rate-limit": {
        const headers: Record<string, string> = { "content-type": "application/json" };
        const retryAfter = fault.retryAfterSeconds === undefined ? 0 : fault.retryAfterSeconds;
        if (retryAfter !== null) headers["retry-after"] = String(retryAfter);
        req.resume();
        res.writeHead(429, headers);
        res.end(JSON.stringify(fault.body ?? { error: "too many requests (injected by the fault proxy)" }));
        return;
      }
      case "server-error": {
        const status = fault.status ?? 503;
        req.resume();
        if (fault.format === "html") {
          res.writeHead(status, { "content-type": "text/html" });
          res.end(HTML_ERROR(status));
        } else {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "service unavailable (injected by the fault proxy)" }));
        }
        return;
      }
      case "reset":
        req.socket.destroy();
        return;
      case "slow":
        setTimeout(() => forward(req, res, false), fault.delayMs);
        return;
      case "truncated-body":
        forward(req, res, true);
        return;
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const prefix = target.pathname === "/" ? "" : target.pathname.replace(/\/$/, "");
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    stats,
    onRequest: (listener) => {
      listeners.push(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
