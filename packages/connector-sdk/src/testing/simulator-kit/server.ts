import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type HookReply, runHooks, type SimulatorHook, sendHookReply } from "../simulator-hooks.js";
import { readRequestBody } from "./request-body.js";
import { countCalls, type SimulatorRequestLogEntry } from "./request-log.js";
import { createRouter, type SimulatorRoute } from "./router.js";
import { SimulatorError } from "./simulator-error.js";
import { dumpState } from "./state-dump.js";

/** Where a simulator with `dumpState` serves its state as JSON (outside any API path; not logged). */
export const SIMULATOR_STATE_PATH = "/_simulator/state";

/** A request as `authenticate` and `admit` see it. */
export interface SimulatorRequest {
  readonly method: string;
  /** The path below the API's prefix. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: URLSearchParams;
}

/** A routed, authenticated request with its parsed body, from which the simulator builds its handlers' context. */
export interface RoutedRequest<Auth, Route> extends SimulatorRequest {
  readonly route: Route;
  /** The template's `{params}`, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  readonly auth: Auth;
}

export interface SimulatorReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The vendor's shapes of the errors the server raises itself. */
export interface SimulatorErrorShapes {
  notFound(method: string, path: string): SimulatorError;
  /** A known path asked with another method; without it, such a request gets `notFound`. */
  methodNotAllowed?(method: string, path: string): SimulatorError;
  invalidJson(): SimulatorError;
  bodyTooLarge(): SimulatorError;
  /** Anything a handler threw that is not a SimulatorError. */
  internal(error: unknown): SimulatorError;
}

/** What a route's handler receives and returns. */
type ContextOf<Route> = Route extends SimulatorRoute<infer Context, unknown> ? Context : never;
type ResultOf<Route> = Route extends SimulatorRoute<never, infer Result> ? Result : never;

export interface SimulatorServerOptions<Auth, Route extends SimulatorRoute<never, unknown>, Query> {
  readonly routes: readonly Route[];
  /** A prefix every API path has (e.g. `/web/api/v2.1`); routes and the log see the path below it. */
  readonly pathPrefix?: string;
  /** What a `{param}` matches, as a RegExp source (default: one path segment). */
  readonly paramPattern?: string;
  /** Answer unknown paths (404/405) before checking the token, as some APIs do (default: after). */
  readonly routeBeforeAuth?: boolean;
  /** Checks the credentials (see `tokenAuth`) and returns what the caller may do, or throws the vendor's 401. */
  readonly authenticate: (request: SimulatorRequest) => Auth;
  /**
   * Rate limits, after authentication: throws the vendor's 429, or returns headers every reply of this
   * request carries (e.g. `x-ratelimit-remaining`). `route` is undefined for an unknown path.
   */
  readonly admit?: (
    request: SimulatorRequest & { readonly route: Route | undefined; readonly auth: Auth },
  ) => Readonly<Record<string, string>> | undefined;
  /** Builds what the route handlers receive. */
  readonly context: (request: RoutedRequest<Auth, Route>) => ContextOf<Route>;
  /** Turns a handler's result into a reply (the vendor's envelope); default 200 with the result as body. */
  readonly respond?: (result: ResultOf<Route>) => SimulatorReply;
  readonly errors: SimulatorErrorShapes;
  /** The query's form in the request log (`queryWithArrays`, `queryJoined`). */
  readonly logQuery: (query: URLSearchParams) => Query;
  /** Keep the request log (default true). */
  readonly logRequests?: boolean;
  /** Content type of every JSON reply (default `application/json`). */
  readonly contentType?: string;
  /** Live switches: `latencyMs` delays every reply but hook replies (read on each request). */
  readonly settings?: { readonly latencyMs: number };
  /** The hooks array to run (default a new one, returned as `hooks`). */
  readonly hooks?: SimulatorHook[];
  /** The port on 127.0.0.1 (default 0: a free one). */
  readonly port?: number;
  /** Serves this state snapshot at SIMULATOR_STATE_PATH, for debugging a running simulator. */
  readonly dumpState?: () => unknown;
  /** Largest request body accepted (default 1 MB); a larger one gets `errors.bodyTooLarge()`. */
  readonly maxBodyBytes?: number;
}

/** A running simulated API. */
export interface SimulatorServer<Query> {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Every request answered, in order (the live array). */
  readonly requests: SimulatorRequestLogEntry<Query>[];
  /** Test hooks run on every routed, authenticated request (the live array: push to add, empty to remove). */
  readonly hooks: SimulatorHook[];
  /** Requests per `METHOD route`. */
  calls(): Record<string, number>;
  clearRequests(): void;
  close(): Promise<void>;
}

const sendJson = (response: ServerResponse, reply: SimulatorReply, contentType: string): void => {
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...reply.headers,
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
};

/**
 * Starts a simulated API on 127.0.0.1. Each request goes: body (size limit) → route lookup → token →
 * rate limits → unknown path → JSON body → hooks `before` → handler → hooks `after` → request log →
 * latency → reply. Hand-written on node:http: a web framework would add nothing the simulators use and
 * hide the order, which is part of what they imitate.
 */
export const startSimulatorServer = async <Auth, Route extends SimulatorRoute<never, unknown>, Query>(
  options: SimulatorServerOptions<Auth, Route, Query>,
): Promise<SimulatorServer<Query>> => {
  const router = createRouter(options.routes, options.paramPattern);
  const { errors } = options;
  const prefix = options.pathPrefix ?? "";
  const contentType = options.contentType ?? "application/json";
  const respond =
    options.respond ?? ((result: ResultOf<Route>): SimulatorReply => ({ status: 200, body: result }));
  const requests: SimulatorRequestLogEntry<Query>[] = [];
  const hooks = options.hooks ?? [];

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://simulator");
    const method = request.method ?? "GET";
    if (options.dumpState !== undefined && method === "GET" && url.pathname === SIMULATOR_STATE_PATH) {
      sendJson(response, { status: 200, body: dumpState(options.dumpState()) }, "application/json");
      return;
    }
    const path =
      prefix !== "" && url.pathname.startsWith(`${prefix}/`)
        ? url.pathname.slice(prefix.length)
        : url.pathname;
    const base: SimulatorRequest = { method, path, headers: request.headers, query: url.searchParams };
    let route = path;
    let admitted: Readonly<Record<string, string>> | undefined;
    let reply: SimulatorReply | undefined;
    let hookReply: HookReply | undefined;
    try {
      const raw = await readRequestBody(request, options.maxBodyBytes ?? 1_000_000);
      if (raw === undefined) throw errors.bodyTooLarge();
      const found = router.match(method, path);
      const matched = found !== undefined && "route" in found ? found : undefined;
      // The log shows the template as soon as the path is known, whatever fails after.
      if (matched !== undefined) route = matched.route.route;
      const requireRoute = () => {
        if (matched !== undefined) return matched;
        throw found !== undefined && errors.methodNotAllowed
          ? errors.methodNotAllowed(method, path)
          : errors.notFound(method, path);
      };
      if (options.routeBeforeAuth === true) requireRoute();
      const auth = options.authenticate(base);
      admitted = options.admit?.({ ...base, route: matched?.route, auth });
      const { route: handler, params } = requireRoute();
      let body: unknown;
      if (raw !== "") {
        try {
          body = JSON.parse(raw);
        } catch {
          throw errors.invalidJson();
        }
      }
      const context = options.context({ ...base, route: handler, params, body, auth });
      const hooked = { method, route, path };
      hookReply = runHooks(hooks, "before", hooked);
      // The handler takes the context its simulator's `context` builds (the types say so per route).
      const handle = handler.handle as (context: ContextOf<Route>) => ResultOf<Route>;
      const result = hookReply === undefined ? handle(context) : undefined;
      hookReply ??= runHooks(hooks, "after", hooked);
      if (hookReply === undefined) {
        const answered = respond(result as ResultOf<Route>);
        reply = { ...answered, headers: { ...admitted, ...answered.headers } };
      }
    } catch (error) {
      const failure = error instanceof SimulatorError ? error : errors.internal(error);
      reply = { status: failure.status, body: failure.payload, headers: { ...admitted, ...failure.headers } };
    }
    // A dropped connection is logged with status 0.
    const status = reply?.status ?? (hookReply === undefined || "reset" in hookReply ? 0 : hookReply.status);
    if (options.logRequests !== false) {
      requests.push({ method, path, route, query: options.logQuery(url.searchParams), status });
    }
    if (reply === undefined) {
      if (hookReply !== undefined) sendHookReply(response, hookReply);
      return;
    }
    const latencyMs = options.settings?.latencyMs ?? 0;
    if (latencyMs > 0) await sleep(latencyMs);
    sendJson(response, reply, contentType);
  };

  const server = createServer((request, response) => {
    answer(request, response).catch(() => {
      // Only a failure while replying gets here; the client sees a bare 500 or a closed connection.
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // Many short requests from several clients: keep sockets reusable.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`the simulator cannot listen on 127.0.0.1:${options.port}: the port is in use`)
          : error,
      ),
    );
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    hooks,
    calls: () => countCalls(requests),
    clearRequests: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
};
