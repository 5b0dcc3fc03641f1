import {
  dumpState,
  type FixedWindowLimit,
  FixedWindowLimiter,
  queryWithArrays,
  type RateLimitDecision,
  type SimulatorHook,
  type SimulatorRequestLogEntry,
  startSimulatorServer,
  tokenAuth,
} from "@baton-ts/connector-sdk/testing";
import { acceptInvite } from "./accept-invite.js";
import { apiError, SimApiError } from "./api-error.js";
import type { SimPermission, SimState, SimUser } from "./model.js";
import type { LastPageNext } from "./pagination.js";
import { createRandom } from "./prng.js";
import type { RoleSpec } from "./role-catalog.js";
import { ROUTES, type RouteSettings } from "./routes.js";
import { type SeedSize, seedWorkspace } from "./seed.js";

/** N requests per fixed window, the shape of Segment's limits (e.g. 60 IAM writes per minute). */
export type RateLimit = FixedWindowLimit;

export interface SegmentSimulatorOptions {
  /** Seed of the generated workspace (default 1). Same seed and size → same workspace. */
  readonly seed?: number;
  readonly size?: SeedSize;
  readonly extraRoles?: readonly RoleSpec[];
  /** Serve this state instead of a generated one. */
  readonly state?: SimState;
  /** The bearer token the simulator accepts (default `sim-token`); anything else gets 401. */
  readonly token?: string;
  /** Whether `GET /users` and `GET /groups` carry `permissions` (unverified for the real API; default false). */
  readonly listIncludesPermissions?: boolean;
  /** Workspace features; a missing one answers its listing with an error, like the real API. */
  readonly features?: { readonly functions?: boolean; readonly spaces?: boolean };
  /** Status of that error (default 403). */
  readonly featureErrorStatus?: number;
  /** Largest `pagination.count` accepted (default 1000, the spec's limit since 2024-03). */
  readonly maxPageSize?: number;
  /** How the last page signals the end (default `null`). */
  readonly lastPageNext?: LastPageNext;
  /** A limit on all requests of the token; off by default. */
  readonly rateLimit?: RateLimit;
  /** The IAM write limit (default 60 per minute, as documented); `false` turns it off. */
  readonly iamWriteLimit?: RateLimit | false | undefined;
  /** Send `Retry-After` on 429s (the real API does not document one; default false). */
  readonly retryAfterHeader?: boolean;
  /** Reject `roleName` inside permission inputs with a 422 (default true: it is not in the input model). */
  readonly rejectRoleNameInInput?: boolean;
  /** Delay before each response, in ms (default 0). */
  readonly latencyMs?: number;
  /** The port on 127.0.0.1 (default: a free one). */
  readonly port?: number;
}

/** One request the simulator answered; `query` keeps repeated keys as arrays. */
export type SimRequestLogEntry = SimulatorRequestLogEntry<Readonly<Record<string, string | string[]>>>;

export interface SegmentSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly token: string;
  /** The live workspace: read it to assert writes, change it to set up a case. */
  readonly state: SimState;
  /** Switches that may be flipped while the server runs. */
  readonly settings: RouteSettings & { retryAfterHeader: boolean; latencyMs: number };
  readonly requests: readonly SimRequestLogEntry[];
  /** Requests per `METHOD route` (e.g. `GET /users/{userId}`). */
  calls(): Record<string, number>;
  clearRequests(): void;
  /** The joined user with this email (case-insensitive). */
  userByEmail(email: string): SimUser | undefined;
  roleIdByName(name: string): string;
  /** The permissions of a user or group (the live array). */
  permissionsOf(subject: "user" | "group", id: string): SimPermission[];
  /**
   * Test hooks, run on every routed, authenticated request: another admin's change or a fault at an
   * exact moment (`onNthRequest` from the sdk's testing kit). Push to add, empty to remove.
   */
  readonly hooks: SimulatorHook[];
  /**
   * The invitee joins: the invite is gone from `/invites` and from every group's invitees, and a user
   * (a new id, the invite's permissions) takes its place in those groups. Returns the new user.
   */
  acceptInvite(email: string, name?: string): SimUser;
  /** A JSON snapshot of the workspace (a deep copy), also served at `/_simulator/state`. */
  dumpState(): unknown;
  close(): Promise<void>;
}

const rateLimitHeaders = (decision: RateLimitDecision): Record<string, string> => ({
  "x-ratelimit-consumed": String(decision.consumed),
  "x-ratelimit-remaining": String(decision.remaining),
  // RFC 5322 date, as documented (not epoch seconds).
  "x-ratelimit-reset": decision.resetAt.toUTCString(),
});

/**
 * Starts a Segment Public API simulator on 127.0.0.1 (a free port). It serves the IAM routes, the
 * permission-target listings, envelopes, both pagination styles, errors and rate limits like the real
 * API (docs/connectors/segment.md lists the behaviours and switches).
 */
export const startSegmentSimulator = async (
  options: SegmentSimulatorOptions = {},
): Promise<SegmentSimulator> => {
  const seed = options.seed ?? 1;
  const state =
    options.state ??
    seedWorkspace({
      seed,
      ...(options.size ? { size: options.size } : {}),
      ...(options.extraRoles ? { extraRoles: options.extraRoles } : {}),
    });
  const token = options.token ?? "sim-token";
  // A separate stream for ids minted by writes, so writes never change what the seed generates.
  const random = createRandom(seed ^ 0x5eed);
  const settings = {
    listIncludesPermissions: options.listIncludesPermissions ?? false,
    features: { functions: options.features?.functions ?? true, spaces: options.features?.spaces ?? true },
    featureErrorStatus: options.featureErrorStatus ?? 403,
    maxPageSize: options.maxPageSize ?? 1000,
    lastPageNext: options.lastPageNext ?? "null",
    rejectRoleNameInInput: options.rejectRoleNameInInput ?? true,
    retryAfterHeader: options.retryAfterHeader ?? false,
    latencyMs: options.latencyMs ?? 0,
  };
  const generalLimiter = options.rateLimit ? new FixedWindowLimiter(options.rateLimit) : undefined;
  const iamLimit = options.iamWriteLimit ?? { points: 60, windowMs: 60_000 };
  const iamLimiter = iamLimit ? new FixedWindowLimiter(iamLimit) : undefined;

  const tooManyRequests = (decision: RateLimitDecision): SimApiError => {
    const headers = rateLimitHeaders(decision);
    if (settings.retryAfterHeader) headers["retry-after"] = String(Math.ceil(decision.msBeforeNext / 1000));
    const data = {
      remainingPoints: 0,
      msBeforeNext: decision.msBeforeNext,
      consumedPoints: decision.consumed,
    };
    return new SimApiError(429, [{ type: "RequestError", message: "Too many requests", data }], headers);
  };

  const server = await startSimulatorServer({
    routes: ROUTES,
    authenticate: tokenAuth(
      "Bearer",
      (given) => (given === token ? true : undefined),
      () => apiError(401, "unauthorized", "Unauthorized: the token is missing or invalid"),
    ),
    admit: ({ route }) => {
      // Every request counts against the general limit (its headers go on every reply), IAM writes also
      // against theirs.
      const general = generalLimiter?.consume();
      if (general && !general.allowed) throw tooManyRequests(general);
      const iam = route?.iamWrite ? iamLimiter?.consume() : undefined;
      if (iam && !iam.allowed) throw tooManyRequests(iam);
      return general && rateLimitHeaders(general);
    },
    context: ({ params, query, body }) => ({ params, query, body, state, settings, random }),
    respond: (result) => ({ status: result.status ?? 200, body: { data: result.data } }),
    errors: {
      notFound: (method, path) => apiError(404, "not-found", `Cannot ${method} ${path}`),
      invalidJson: () => apiError(400, "input-validation", "Request body is not valid JSON"),
      bodyTooLarge: () => apiError(413, "payload-too-large", "Payload too large"),
      internal: (error) => apiError(500, "internal", String(error)),
    },
    contentType: "application/json; charset=utf-8",
    logQuery: queryWithArrays,
    settings,
    ...(options.port === undefined ? {} : { port: options.port }),
    dumpState: () => state,
  });

  return {
    url: server.url,
    token,
    state,
    settings,
    requests: server.requests,
    calls: server.calls,
    clearRequests: server.clearRequests,
    userByEmail: (email) => {
      const lower = email.toLowerCase();
      for (const user of state.users.values()) if (user.email.toLowerCase() === lower) return user;
      return undefined;
    },
    roleIdByName: (name) => {
      for (const role of state.roles.values()) if (role.name === name) return role.id;
      throw new Error(`the simulated workspace has no role named "${name}"`);
    },
    permissionsOf: (subject, id) => {
      const holder = subject === "user" ? state.users.get(id) : state.groups.get(id);
      if (!holder) throw new Error(`the simulated workspace has no ${subject} ${id}`);
      return holder.permissions;
    },
    hooks: server.hooks,
    acceptInvite: (email, name) => acceptInvite(state, random, email, name),
    dumpState: () => dumpState(state),
    close: server.close,
  };
};
