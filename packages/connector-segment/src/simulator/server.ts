import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type HookReply, runHooks, type SimulatorHook, sendHookReply } from "@baton-ts/connector-sdk/testing";
import { acceptInvite } from "./accept-invite.js";
import { SimApiError, type SimRequestError } from "./api-error.js";
import type { SimPermission, SimState, SimUser } from "./model.js";
import type { LastPageNext } from "./pagination.js";
import { createRandom } from "./prng.js";
import { FixedWindowLimiter, type RateLimit } from "./rate-limiter.js";
import type { RoleSpec } from "./role-catalog.js";
import { ROUTES, type Route, type RouteSettings } from "./routes.js";
import { type SeedSize, seedWorkspace } from "./seed.js";

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
}

export interface SimRequestLogEntry {
  readonly method: string;
  readonly path: string;
  /** Decoded query parameters; repeated keys become arrays. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** The matched route template (e.g. `/users/{userId}`), or the path when nothing matched. */
  readonly route: string;
  readonly status: number;
}

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
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
}

const compile = (route: Route): CompiledRoute => {
  const paramNames: string[] = [];
  const source = route.route.replace(/\{(\w+)\}/g, (_, name: string) => {
    paramNames.push(name);
    return "([^/]+)";
  });
  return { ...route, pattern: new RegExp(`^${source === "/" ? "/?" : source}$`), paramNames };
};

const COMPILED = ROUTES.map(compile);
const MAX_BODY_BYTES = 1_000_000;

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new SimApiError(413, [{ type: "payload-too-large", message: "Payload too large", status: 413 }]),
        );
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

const queryRecord = (query: URLSearchParams): Record<string, string | string[]> => {
  const record: Record<string, string | string[]> = {};
  for (const [key, value] of query) {
    const existing = record[key];
    record[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return record;
};

const rateLimitHeaders = (decision: ReturnType<FixedWindowLimiter["consume"]>): Record<string, string> => ({
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
  const iamLimit =
    options.iamWriteLimit === undefined ? { points: 60, windowMs: 60_000 } : options.iamWriteLimit;
  const iamLimiter = iamLimit ? new FixedWindowLimiter(iamLimit) : undefined;
  const requests: SimRequestLogEntry[] = [];
  const hooks: SimulatorHook[] = [];

  const tooManyRequests = (decision: ReturnType<FixedWindowLimiter["consume"]>): SimApiError => {
    const headers = rateLimitHeaders(decision);
    if (settings.retryAfterHeader) headers["retry-after"] = String(Math.ceil(decision.msBeforeNext / 1000));
    return new SimApiError(
      429,
      [
        {
          type: "RequestError",
          message: "Too many requests",
          data: {
            remainingPoints: 0,
            msBeforeNext: decision.msBeforeNext,
            consumedPoints: decision.consumed,
          },
        },
      ],
      headers,
    );
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://simulator");
    const method = request.method ?? "GET";
    let route = url.pathname;
    let status = 500;
    let headers: Record<string, string> = {};
    let payload: { data: unknown } | { errors: SimRequestError[] };
    let hookReply: HookReply | undefined;
    try {
      const body = await readBody(request);
      if (request.headers.authorization !== `Bearer ${token}`) {
        throw new SimApiError(401, [
          { type: "unauthorized", message: "Unauthorized: the token is missing or invalid", status: 401 },
        ]);
      }
      if (generalLimiter) {
        const decision = generalLimiter.consume(Date.now());
        headers = rateLimitHeaders(decision);
        if (!decision.allowed) throw tooManyRequests(decision);
      }
      let matched: CompiledRoute | undefined;
      let params: Record<string, string> = {};
      for (const candidate of COMPILED) {
        if (candidate.method !== method) continue;
        const match = candidate.pattern.exec(url.pathname);
        if (!match) continue;
        matched = candidate;
        params = Object.fromEntries(
          candidate.paramNames.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]),
        );
        break;
      }
      if (!matched) {
        throw new SimApiError(404, [
          { type: "not-found", message: `Cannot ${method} ${url.pathname}`, status: 404 },
        ]);
      }
      route = matched.route;
      if (matched.iamWrite && iamLimiter) {
        const decision = iamLimiter.consume(Date.now());
        if (!decision.allowed) throw tooManyRequests(decision);
      }
      let parsed: unknown;
      if (body !== "") {
        try {
          parsed = JSON.parse(body);
        } catch {
          throw new SimApiError(400, [
            { type: "input-validation", message: "Request body is not valid JSON", status: 400 },
          ]);
        }
      }
      const hooked = { method, route, path: url.pathname };
      hookReply = runHooks(hooks, "before", hooked);
      const result = hookReply
        ? { status: 200, data: null }
        : matched.handle({ params, query: url.searchParams, body: parsed, state, settings, random });
      hookReply ??= runHooks(hooks, "after", hooked);
      status = result.status ?? 200;
      payload = { data: result.data };
    } catch (error) {
      if (error instanceof SimApiError) {
        status = error.status;
        headers = { ...headers, ...error.headers };
        payload = { errors: error.errors };
      } else {
        status = 500;
        payload = { errors: [{ type: "internal", message: String(error), status: 500 }] };
      }
    }
    if (hookReply) {
      // A dropped connection is logged with status 0.
      status = "reset" in hookReply ? 0 : hookReply.status;
      requests.push({ method, path: url.pathname, query: queryRecord(url.searchParams), route, status });
      sendHookReply(response, hookReply);
      return;
    }
    requests.push({ method, path: url.pathname, query: queryRecord(url.searchParams), route, status });
    if (settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    const text = JSON.stringify(payload);
    response.writeHead(status, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
    });
    response.end(text);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(JSON.stringify({ errors: [{ type: "internal", message: String(error) }] }));
    });
  });
  // Many short requests from several clients: keep sockets reusable.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    state,
    settings,
    requests,
    calls: () => {
      const counts: Record<string, number> = {};
      for (const entry of requests) {
        const key = `${entry.method} ${entry.route}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    clearRequests: () => {
      requests.length = 0;
    },
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
    hooks,
    acceptInvite: (email, name) => acceptInvite(state, random, email, name),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
