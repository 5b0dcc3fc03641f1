import {
  dumpState,
  queryJoined,
  type SimulatorHook,
  type SimulatorRequestLogEntry,
  startSimulatorServer,
  tokenAuth,
} from "@baton-ts/connector-sdk/testing";
import { authenticationFailed, notFound, SimApiError, validationError } from "./api-error.js";
import type { TokenScope } from "./model.js";
import { QueryReader } from "./query.js";
import { pathGroupLimiter, type RateLimitRule, SENTINELONE_RATE_LIMITS } from "./rate-limit.js";
import {
  getServiceUser,
  getUser,
  listAccounts,
  listRoles,
  listServiceUsers,
  listSites,
  listUsers,
  type Route,
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
  /** Enforce the per-path rate limits (SENTINELONE_RATE_LIMITS, or your own table) with 429 replies. */
  readonly rateLimits?: boolean | Readonly<Record<string, RateLimitRule>>;
  /** Send `Retry-After` on 429 (no public source shows whether S1 does; default true). */
  readonly retryAfterHeader?: boolean;
  /** Shapes of `scopeRoles` entries that public sources leave open (see ScopeRoleShape). */
  readonly scopeRoleShape?: Partial<ScopeRoleShape>;
  /** Keep a request log (default true; the benchmark keeps it too, it is small). */
  readonly logRequests?: boolean;
  /** Delay before each response, in ms (default 0). */
  readonly latencyMs?: number;
  /** The port on 127.0.0.1 (default: a free one). */
  readonly port?: number;
}

/** One request the simulator answered: `path` below `/web/api/v2.1`, repeated query keys comma-joined. */
export type RequestLogEntry = SimulatorRequestLogEntry<Readonly<Record<string, string>>>;

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
    latencyMs: number;
    readonly scopeRoleShape: ScopeRoleShape;
  };
  /** A JSON snapshot of the tenant (a deep copy), also served at `/_simulator/state`. */
  dumpState(): unknown;
  close(): Promise<void>;
}

const ROUTES: readonly Route[] = [
  { method: "GET", route: "/accounts", handle: listAccounts },
  { method: "GET", route: "/sites", handle: listSites },
  { method: "GET", route: "/users", handle: listUsers },
  { method: "GET", route: "/users/{id}", handle: getUser },
  { method: "PUT", route: "/users/{id}", handle: updateUser },
  { method: "GET", route: "/service-users", handle: listServiceUsers },
  { method: "GET", route: "/service-users/{id}", handle: getServiceUser },
  { method: "PUT", route: "/service-users/{id}", handle: updateServiceUser },
  { method: "GET", route: "/rbac/roles", handle: listRoles },
];

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
    latencyMs: options.latencyMs ?? 0,
    scopeRoleShape: {
      tenantEntries: options.scopeRoleShape?.tenantEntries ?? "role-only",
      predefinedByNameOnly: options.scopeRoleShape?.predefinedByNameOnly ?? false,
    },
  };
  const serializer = new Serializer(state, quirks.scopeRoleShape);
  const limit = pathGroupLimiter(
    typeof options.rateLimits === "object" ? options.rateLimits : SENTINELONE_RATE_LIMITS,
  );

  // What a request may see follows from its token's scope; the token also keys the rate limits.
  const authenticate = tokenAuth(
    "ApiToken",
    (token) => {
      const scope = tokenScopes.get(token);
      return scope === undefined ? undefined : { token, scope };
    },
    authenticationFailed,
  );
  const server = await startSimulatorServer({
    routes: ROUTES,
    pathPrefix: API_PREFIX,
    paramPattern: "\\d+",
    routeBeforeAuth: true,
    authenticate,
    admit: ({ auth, path }) => {
      const decision = quirks.rateLimits ? limit(auth.token, path) : undefined;
      if (decision === undefined || decision.allowed) return undefined;
      const retryAfter = String(Math.max(1, Math.ceil(decision.msBeforeNext / 1000)));
      throw new SimApiError(
        429,
        "Too Many Requests",
        null,
        quirks.retryAfterHeader ? { "retry-after": retryAfter } : {},
      );
    },
    context: ({ auth, query, params, body }) => ({
      state,
      view: new TokenView(auth.scope, state),
      query: new QueryReader(query),
      serializer,
      paging: { defaultLimit: quirks.defaultLimit },
      body,
      ...(params.id === undefined ? {} : { id: params.id }),
    }),
    errors: {
      notFound: (method, path) => notFound(`No route ${method} ${API_PREFIX}${path}`),
      methodNotAllowed: (method, path) =>
        new SimApiError(405, "Method Not Allowed", `${method} is not allowed on ${path}`),
      invalidJson: () => new SimApiError(400, "Validation JSONError", "Request body is not valid JSON."),
      bodyTooLarge: () => validationError("Request body too large."),
      internal: () => new SimApiError(500, "Internal server error", "Server could not process the request."),
    },
    logQuery: queryJoined,
    logRequests: options.logRequests ?? true,
    settings: quirks,
    ...(options.port === undefined ? {} : { port: options.port }),
    dumpState: () => state,
  });

  return {
    url: server.url,
    state,
    tokens,
    addToken: (token, scope) => void tokenScopes.set(token, scope),
    revokeToken: (token) => void tokenScopes.delete(token),
    requestLog: server.requests,
    clearRequestLog: server.clearRequests,
    callsByRoute: server.calls,
    quirks,
    hooks: server.hooks,
    dumpState: () => dumpState(state),
    close: server.close,
  };
};
