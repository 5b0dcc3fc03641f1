import {
  ConnectorError,
  type HttpClient,
  isConnectorError,
  type Logger,
  type Page,
} from "@baton-ts/connector-sdk";
import type { z } from "zod";
import { type ApiAccount, accountSchema } from "./schemas/account.js";
import { listEnvelope, singleEnvelope } from "./schemas/envelope.js";
import { type ApiRole, roleSchema } from "./schemas/role.js";
import type { PrincipalScope } from "./schemas/scope-role.js";
import { type ApiServiceUser, serviceUserSchema } from "./schemas/service-user.js";
import { type ApiSite, sitesPageSchema } from "./schemas/site.js";
import { type ApiUser, userSchema } from "./schemas/user.js";
import { ScopeCatalog } from "./scope-catalog.js";

/** The largest page the API serves (its default is 10: defect B5). */
export const PAGE_SIZE = 1000;

export type PrincipalKind = "user" | "service_user";
export type ApiPrincipal = ApiUser | ApiServiceUser;

/** Options of a write: the run's signal and the last check before the request leaves. */
export interface WriteOptions {
  readonly signal?: AbortSignal;
  readonly precondition?: (signal: AbortSignal) => Promise<void>;
}

/** One entry of a `scopeRoles` write: `id` is the account or site id, absent at tenant scope. */
export interface ScopeRoleInput {
  readonly id?: string;
  readonly roleId: string;
}

const accountsPage = listEnvelope(accountSchema);
const usersPage = listEnvelope(userSchema);
const serviceUsersPage = listEnvelope(serviceUserSchema);
const rolesPage = listEnvelope(roleSchema);
const userReply = singleEnvelope(userSchema);
const serviceUserReply = singleEnvelope(serviceUserSchema);

const PRINCIPAL_PATHS = { user: "/users", service_user: "/service-users" } as const;
const PRINCIPAL_WORDS = { user: "console user", service_user: "service user" } as const;

/**
 * The typed SentinelOne Management API v2.1 client: lists with `limit=1000` and the cursor loop (never an
 * empty `cursor=`), principal reads and `scopeRoles` writes, and refusals explained per call.
 */
export class SentinelOneClient {
  private catalogPromise: Promise<ScopeCatalog> | undefined;
  private warnedAccountsForbidden = false;
  private unlistedGrants = 0;

  constructor(
    readonly http: HttpClient,
    private readonly logger: Logger,
  ) {}

  /** Cheap credential check: one `GET /users?limit=1`. */
  async checkAccess(signal?: AbortSignal): Promise<void> {
    await this.explained(
      this.http.get("/users", usersPage, { query: { limit: 1, skipCount: true }, ...withSignal(signal) }),
      "read console users (GET /users)",
      "give the token's user or service user a role with the Users view permission at the scope you sync",
    );
  }

  listAccounts(cursor?: string, signal?: AbortSignal): Promise<Page<ApiAccount>> {
    return this.explained(
      this.listPage("/accounts", accountsPage, cursor, {}, signal),
      "list accounts (GET /accounts)",
      "use a Global or account-scoped token (site-scoped tokens cannot list accounts)",
    );
  }

  async listSites(cursor?: string, signal?: AbortSignal): Promise<Page<ApiSite>> {
    const reply = await this.explained(
      this.http.get("/sites", sitesPageSchema, { query: pageQuery(cursor), ...withSignal(signal) }),
      "list sites (GET /sites)",
      "give the token a role with the Sites view permission",
    );
    return toPage(reply.data.sites, reply.pagination?.nextCursor);
  }

  listUsers(cursor?: string, signal?: AbortSignal): Promise<Page<ApiUser>> {
    return this.explained(
      this.listPage("/users", usersPage, cursor, {}, signal),
      "list console users (GET /users)",
      "give the token a role with the Users view permission",
    );
  }

  listServiceUsers(cursor?: string, signal?: AbortSignal): Promise<Page<ApiServiceUser>> {
    return this.explained(
      this.listPage("/service-users", serviceUsersPage, cursor, {}, signal),
      "list service users (GET /service-users)",
      "give the token a role with the Service Users view permission",
    );
  }

  /** Predefined and custom roles at every level the token sees (`includeChildren=true`: defect B3). */
  listRoles(cursor?: string, signal?: AbortSignal): Promise<Page<ApiRole>> {
    return this.explained(
      this.listPage("/rbac/roles", rolesPage, cursor, { includeChildren: true }, signal),
      "list roles (GET /rbac/roles)",
      "give the token a role with the Roles view permission",
    );
  }

  /** `GET /users/{id}` or `GET /service-users/{id}`. */
  getPrincipal(kind: PrincipalKind, id: string, signal?: AbortSignal): Promise<ApiPrincipal> {
    const path = `${PRINCIPAL_PATHS[kind]}/${encodeURIComponent(id)}`;
    const schema = kind === "user" ? userReply : serviceUserReply;
    return this.explained(
      this.http
        .request({
          method: "GET",
          path,
          route: `${PRINCIPAL_PATHS[kind]}/{id}`,
          schema,
          ...withSignal(signal),
        })
        .then((reply) => reply.data.data),
      `read the ${PRINCIPAL_WORDS[kind]} ${id}`,
      "give the token a role with the view permission for it",
    );
  }

  /**
   * Writes a principal's whole `scopeRoles` (the API replaces the set): `PUT /users/{id}` or
   * `PUT /service-users/{id}` with `{"data":{"scope", "scopeRoles":[{id, roleId}]}}`. Sent once
   * (`retryMode: "never"`): the list was computed from an earlier read, so after a failure the
   * caller (`applyChange`) reads and plans again instead of re-sending a list that may be stale.
   */
  putScopeRoles(
    kind: PrincipalKind,
    id: string,
    scope: PrincipalScope,
    scopeRoles: readonly ScopeRoleInput[],
    request: WriteOptions = {},
  ): Promise<ApiPrincipal> {
    const path = `${PRINCIPAL_PATHS[kind]}/${encodeURIComponent(id)}`;
    const schema = kind === "user" ? userReply : serviceUserReply;
    const entries = scopeRoles.map((entry) =>
      entry.id === undefined ? { roleId: entry.roleId } : { ...entry },
    );
    return this.explained(
      this.http
        .request({
          method: "PUT",
          path,
          route: `${PRINCIPAL_PATHS[kind]}/{id}`,
          schema,
          body: { data: { scope, scopeRoles: entries } },
          retryMode: "never",
          ...withSignal(request.signal),
          ...(request.precondition === undefined ? {} : { precondition: request.precondition }),
        })
        .then((reply) => reply.data.data),
      `change the roles of the ${PRINCIPAL_WORDS[kind]} ${id}`,
      "the token needs the edit permission for users at every scope it writes, at or above the principal's level",
    );
  }

  /**
   * Accounts, sites and roles, read once per client (one paged list each). A 403 on `/accounts`
   * (site-scoped token, defect B7) leaves accounts out with one warning instead of failing.
   */
  catalog(signal?: AbortSignal): Promise<ScopeCatalog> {
    if (this.catalogPromise === undefined) {
      this.catalogPromise = this.loadCatalog(signal);
      // A failed load (after the HTTP client's retries) is not cached: the next caller tries again.
      this.catalogPromise.catch(() => {
        this.catalogPromise = undefined;
      });
    }
    return this.catalogPromise;
  }

  /**
   * Counts a scopeRoles entry that could not become a grant (its role or scope object was not listed)
   * and warns once per client; the rest go to debug so that a narrow token does not flood the log.
   */
  noteUnlistedGrant(logger: Logger, fields: Record<string, unknown>): void {
    this.unlistedGrants++;
    const message =
      "a scopeRoles entry names a role or scope object this sync did not list (outside the token's view, or a role without id); the grant is left out";
    if (this.unlistedGrants === 1) logger.warn(`${message}; further ones are logged at debug level`, fields);
    else logger.debug(message, fields);
  }

  /** How many scopeRoles entries were left out so far (see noteUnlistedGrant). */
  get unlistedGrantCount(): number {
    return this.unlistedGrants;
  }

  /** All accounts, or null when the token may not list them. */
  async allAccounts(signal?: AbortSignal): Promise<ApiAccount[] | null> {
    try {
      return await collect((cursor) => this.listAccounts(cursor, signal));
    } catch (error) {
      if (!isConnectorError(error) || error.code !== "permission-denied") throw error;
      if (!this.warnedAccountsForbidden) {
        this.warnedAccountsForbidden = true;
        this.logger.warn(
          "SentinelOne refused GET /accounts (403), as it does for site-scoped tokens: accounts are skipped; sites, users, service users, roles and their grants are still synced",
        );
      }
      return null;
    }
  }

  private async loadCatalog(signal?: AbortSignal): Promise<ScopeCatalog> {
    const [accounts, sites, roles] = await Promise.all([
      this.allAccounts(signal),
      collect((cursor) => this.listSites(cursor, signal)),
      collect((cursor) => this.listRoles(cursor, signal)),
    ]);
    return new ScopeCatalog(accounts, sites, roles);
  }

  private async listPage<
    S extends z.ZodType<{ data: unknown[]; pagination?: { nextCursor?: string | null } | null }>,
  >(
    path: string,
    schema: S,
    cursor: string | undefined,
    extra: Record<string, string | number | boolean>,
    signal: AbortSignal | undefined,
  ): Promise<Page<z.output<S>["data"][number]>> {
    const reply = await this.http.get(path, schema, {
      query: { ...pageQuery(cursor), ...extra },
      ...withSignal(signal),
    });
    return toPage(reply.data, reply.pagination?.nextCursor);
  }

  /** Rewrites a 403 to say which call needed what; other errors pass unchanged. */
  private async explained<T>(call: Promise<T>, what: string, need: string): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (isConnectorError(error) && error.code === "permission-denied") {
        throw new ConnectorError(
          "permission-denied",
          `The SentinelOne token may not ${what}: ${need}. ${error.message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }
}

/** `limit=1000`, plus the cursor only when there is one (never `cursor=`: defect B5). */
const pageQuery = (cursor: string | undefined): Record<string, string | number> =>
  cursor === undefined || cursor === "" ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, cursor };

const toPage = <T>(items: readonly T[], nextCursor: string | null | undefined): Page<T> =>
  nextCursor === null || nextCursor === undefined || nextCursor === "" ? { items } : { items, nextCursor };

const withSignal = (signal: AbortSignal | undefined): { signal?: AbortSignal } =>
  signal === undefined ? {} : { signal };

/** Follows the cursor to the end. A cursor that repeats would loop forever: fail loudly instead. */
export const collect = async <T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): Promise<T[]> => {
  const out: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        throw new ConnectorError(
          "invalid-response",
          "SentinelOne returned the same page cursor twice; stopping to avoid a loop",
        );
      }
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return out;
};
