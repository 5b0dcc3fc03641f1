import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type HookReply, runHooks, type SimulatorHook, sendHookReply } from "@baton-ts/connector-sdk/testing";
import { authenticationFailed, notFound, SimApiError, validationError } from "./api-error.js";
import type { TokenScope } from "./model.js";
import { QueryReader } from "./query.js";
import { RateLimiter, type RateLimitRule, SENTINELONE_RATE_LIMITS } from "./rate-limit.js";
import {
  getServiceUser,
  getUser,
  listAccounts,
  listRoles,
  listServiceUsers,
  listSites,
  listUsers,
  type RouteContext,
} from "./read-routes.js";
import { type SeedOptions, seedTenant } from "./seed.js";
import { type ScopeRoleShape, Serializer } from "./serialize.js";
import type { SimState } from "./state.js";
import { TokenView } from "./visibility.js";
import { updateServiceUser, updateUser } from "./write-routes.js";

/** Every API path lives under this prefix of the console URL. */
export const API_PREFIX = "/web/api/v2.1";

export interface SentinelOneSimulatorOptions extends SeedOptions {
  /** Serve this state instead of seeding one. */
  readonly state?: SimState;
  /** Extra tokens and what they may see (the default tokens are in `simulator.tokens`). */
  readonly tokens?: Readonly<Record<string, TokenScope>>;
  /** Page size when a list call sends no `limit` (the real API: 10). */
  readonly defaultLimit?: number;
  /** Enforce the per-path rate limits (rate-limit.ts, or your own table) with 429 replies. */
  readonly rateLimits?: boolean | Readonly<Record<string, RateLimitRule>>;
  /** Send `Retry-After` on 429 (no public source shows whether S1 does; default true). */
  readonly retryAfterHeader?: boolean;
  /** Shapes of `scopeRoles` entries that public sources leave open (see ScopeRoleShape). */
  readonly scopeRoleShape?: Partial<ScopeRoleShape>;
  /** Keep a request log (default true; the benchmark keeps it too, it is small). */
  readonly logRequests?: boolean;
}

export interface RequestLogEntry {
  readonly method: string;
  /** Path below `/web/api/v2.1`, e.g. `/users/1400000000000000001`. */
  readonly path: string;
  /** The route template, e.g. `/users/{id}`. */
  readonly route: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface SentinelOneSimulator {
  /** The management console URL to configure (`--management-console-url`). */
  readonly url: string;
  readonly state: SimState;
  /** Ready-made tokens: Global (tenant), one account's, and one site-scoped token (two sites). */
  readonly tokens: { readonly tenant: string; readonly account: string; readonly site: string };
  addToken(token: string, scope: TokenScope): void;
  /** Makes a token fail with 401 from now on (expired or revoked). */
  revokeToken(token: string): void;
  readonly requestLog: readonly RequestLogEntry[];
  clearRequestLog(): void;
  /** Calls per `METHOD route`, e.g. `{"GET /users": 50}`. */
  callsByRoute(): Record<string, number>;
  /**
   * Test hooks, run on every routed, authenticated request: another admin's change or a fault at an
   * exact moment (`onNthRequest` from the sdk's testing kit). Push to add, empty to remove.
   */
  readonly hooks: SimulatorHook[];
  /** Live switches. */
  readonly quirks: {
    defaultLimit: number;
    rateLimits: boolean;
    retryAfterHeader: boolean;
    readonly scopeRoleShape: ScopeRoleShape;
  };
  close(): Promise<void>;
}

type Handler = (ctx: RouteContext, body: unknown) => unknown;
interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly template: string;
  readonly handler: Handler;
}

const ID = "(\\d+)";
const ROUTES: readonly Route[] = [
  { method: "GET", pattern: /^\/accounts$/, template: "/accounts", handler: listAccounts },
  { method: "GET", pattern: /^\/sites$/, template: "/sites", handler: listSites },
  { method: "GET", pattern: /^\/users$/, template: "/users", handler: listUsers },
  { method: "GET", pattern: new RegExp(`^/users/${ID}$`), template: "/users/{id}", handler: getUser },
  { method: "PUT", pattern: new RegExp(`^/users/${ID}$`), template: "/users/{id}", handler: updateUser },
  { method: "GET", pattern: /^\/service-users$/, template: "/service-users", handler: listServiceUsers },
  {
    method: "GET",
    pattern: new RegExp(`^/service-users/${ID}$`),
    template: "/service-users/{id}",
    handler: getServiceUser,
  },
  {
    method: "PUT",
    pattern: new RegExp(`^/service-users/${ID}$`),
    template: "/service-users/{id}",
    handler: updateServiceUser,
  },
  { method: "GET", pattern: /^\/rbac\/roles$/, template: "/rbac/roles", handler: listRoles },
];

const MAX_BODY_BYTES = 1_000_000;

/** Starts the simulator on 127.0.0.1 (a free port). */
export const startSentinelOneSimulator = async (
  options: SentinelOneSimulatorOptions = {},
): Promise<SentinelOneSimulator> => {
  const state = options.state ?? seedTenant(options);
  const seed = options.seed ?? 1;
  const firstAccount = state.accounts.all()[0];
  const accountSites = state.sites.all().filter((site) => site.accountId === firstAccount?.id);
  const tokens = {
    tenant: `s1-sim-tenant-${seed}`,
    account: `s1-sim-account-${seed}`,
    site: `s1-sim-site-${seed}`,
  };
  const tokenScopes = new Map<string, TokenScope>([
    [tokens.tenant, { scope: "tenant" }],
    [tokens.account, { scope: "account", accountIds: firstAccount === undefined ? [] : [firstAccount.id] }],
    [tokens.site, { scope: "site", siteIds: accountSites.slice(0, 2).map((site) => site.id) }],
    ...Object.entries(options.tokens ?? {}),
  ]);
  const quirks = {
    defaultLimit: options.defaultLimit ?? 10,
    rateLimits: options.rateLimits !== undefined && options.rateLimits !== false,
    retryAfterHeader: options.retryAfterHeader ?? true,
    scopeRoleShape: {
      tenantEntries: options.scopeRoleShape?.tenantEntries ?? "role-only",
      predefinedByNameOnly: options.scopeRoleShape?.predefinedByNameOnly ?? false,
    },
  };
  const serializer = new Serializer(state, quirks.scopeRoleShape);
  const limiter = new RateLimiter(
    typeof options.rateLimits === "object" ? options.rateLimits : SENTINELONE_RATE_LIMITS,
  );
  const logRequests = options.logRequests ?? true;
  const requestLog: RequestLogEntry[] = [];
  const hooks: SimulatorHook[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const method = req.method ?? "GET";
    const path = url.pathname.startsWith(`${API_PREFIX}/`)
      ? url.pathname.slice(API_PREFIX.length)
      : url.pathname;
    const query = new QueryReader(url.searchParams);
    let route = path;
    let status = 200;
    let hookReply: HookReply | undefined;
    try {
      const raw = await readBody(req);
      const match = matchRoute(method, path);
      if (match === undefined) throw notFound(`No route ${method} ${API_PREFIX}${path}`);
      route = match.route.template;
      const auth = req.headers.authorization ?? "";
      const token = auth.startsWith("ApiToken ") ? auth.slice("ApiToken ".length).trim() : undefined;
      const scope = token === undefined ? undefined : tokenScopes.get(token);
      if (token === undefined || scope === undefined) throw authenticationFailed();
      if (quirks.rateLimits) {
        const waitMs = limiter.take(token, path);
        if (waitMs > 0) {
          const headers: Record<string, string> = quirks.retryAfterHeader
            ? { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) }
            : {};
          throw new SimApiError(429, "Too Many Requests", null, headers);
        }
      }
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new SimApiError(400, "Validation JSONError", "Request body is not valid JSON.");
        }
      }
      const ctx: RouteContext = {
        state,
        view: new TokenView(scope, state),
        query,
        serializer,
        paging: { defaultLimit: quirks.defaultLimit },
        ...(match.id === undefined ? {} : { id: match.id }),
      };
      const hooked = { method, route, path };
      hookReply = runHooks(hooks, "before", hooked);
      const reply = hookReply ? undefined : match.route.handler(ctx, body);
      hookReply ??= runHooks(hooks, "after", hooked);
      if (hookReply) {
        // A dropped connection is logged with status 0.
        status = "reset" in hookReply ? 0 : hookReply.status;
        sendHookReply(res, hookReply);
      } else sendJson(res, 200, reply);
    } catch (error) {
      const apiError =
        error instanceof SimApiError
          ? error
          : new SimApiError(500, "Internal server error", "Server could not process the request.");
      status = apiError.status;
      sendJson(res, apiError.status, apiError.body(), apiError.headers);
    }
    if (logRequests) requestLog.push({ method, path, route, query: query.toRecord(), status });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, new SimApiError(500, "Internal server error", null).body());
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    tokens,
    addToken: (token, scope) => void tokenScopes.set(token, scope),
    revokeToken: (token) => void tokenScopes.delete(token),
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0;
    },
    callsByRoute: () => {
      const counts: Record<string, number> = {};
      for (const entry of requestLog) {
        const key = `${entry.method} ${entry.route}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    quirks,
    hooks,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
};

const matchRoute = (method: string, path: string): { route: Route; id?: string } | undefined => {
  let pathMatched = false;
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    pathMatched = true;
    if (route.method === method) return match[1] === undefined ? { route } : { route, id: match[1] };
  }
  if (pathMatched) throw new SimApiError(405, "Method Not Allowed", `${method} is not allowed on ${path}`);
  return undefined;
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw validationError("Request body too large.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
};

const sendJson = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
};
