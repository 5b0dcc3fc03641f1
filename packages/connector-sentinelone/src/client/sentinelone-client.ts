import {
  ConnectorError,
  collectAll,
  createHttpClient,
  type HttpClient,
  isConnectorError,
  type Logger,
  nullLogger,
  type Page,
  pageOf,
  type RetryPolicy,
  rememberInSession,
  type SessionStore,
  type WriteRequest,
} from "@baton-ts/connector-sdk";
import type { z } from "zod";
import { describeSentinelOneError } from "./describe-error.js";
import { SENTINELONE_PACING } from "./pacing.js";
import { type ApiAccount, accountSchema } from "./schemas/account.js";
import { listEnvelope, singleEnvelope } from "./schemas/envelope.js";
import { type ApiRole, roleSchema } from "./schemas/role.js";
import type { PrincipalScope } from "./schemas/scope-role.js";
import { type ApiServiceUser, serviceUserSchema } from "./schemas/service-user.js";
import { type ApiSite, sitesPageSchema } from "./schemas/site.js";
import { type ApiUser, userSchema } from "./schemas/user.js";
import { ScopeCatalog, type ScopeCatalogParts } from "./scope-catalog.js";

/** The largest page the API serves (its default is 10: defect B5). */
export const PAGE_SIZE = 1000;

export type PrincipalKind = "user" | "service_user";
export type ApiPrincipal = ApiUser | ApiServiceUser;

export interface SentinelOneClientOptions {
  readonly apiToken: string;
  /** e.g. `https://acme.sentinelone.net`; the API lives under `/web/api/v2.1`. */
  readonly managementConsoleUrl: string;
  readonly logger?: Logger | undefined;
  readonly userAgent?: string | undefined;
  /** Log each request (never bodies or the token) at debug level. */
  readonly debug?: boolean | undefined;
  readonly retry?: RetryPolicy | undefined;
  /** Turn pacing off (tests against a simulator without rate limits may want raw speed). */
  readonly pacing?: boolean | undefined;
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

/** `limit=1000`, plus the cursor only when there is one (never `cursor=`: defect B5). */
const pageQuery = (cursor: string | undefined): Record<string, string | number> =>
  cursor === undefined || cursor === "" ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, cursor };

/** The API base URL of a console URL: trailing slashes and an already-present API path are tolerated. */
export const apiBaseUrl = (managementConsoleUrl: string): string => {
  const trimmed = managementConsoleUrl.trim().replace(/\/+$/, "");
  return trimmed.endsWith("/web/api/v2.1") ? trimmed : `${trimmed}/web/api/v2.1`;
};

/**
 * The typed SentinelOne Management API v2.1 client: lists with `limit=1000` (never an empty
 * `cursor=`), principal reads and `scopeRoles` writes, and refusals explained per call. It keeps no
 * state of a sync: that lives in the sync's session.
 */
export class SentinelOneClient {
  private catalogPromise: Promise<ScopeCatalog> | undefined;
  private warnedAccountsForbidden = false;

  constructor(
    readonly http: HttpClient,
    private readonly logger: Logger = nullLogger,
  ) {}

  /** Cheap credential check: one `GET /users?limit=1`. */
  async checkAccess(): Promise<void> {
    await this.explained(
      this.http.get("/users", usersPage, { query: { limit: 1, skipCount: true } }),
      "read console users (GET /users)",
      "give the token's user or service user a role with the Users view permission at the scope you sync",
    );
  }

  listAccounts(cursor?: string): Promise<Page<ApiAccount>> {
    return this.explained(
      this.listPage("/accounts", accountsPage, cursor),
      "list accounts (GET /accounts)",
      "use a Global or account-scoped token (site-scoped tokens cannot list accounts)",
    );
  }

  async listSites(cursor?: string): Promise<Page<ApiSite>> {
    const reply = await this.explained(
      this.http.get("/sites", sitesPageSchema, { query: pageQuery(cursor) }),
      "list sites (GET /sites)",
      "give the token a role with the Sites view permission",
    );
    return pageOf(reply.data.sites, reply.pagination?.nextCursor);
  }

  listUsers(cursor?: string): Promise<Page<ApiUser>> {
    return this.explained(
      this.listPage("/users", usersPage, cursor),
      "list console users (GET /users)",
      "give the token a role with the Users view permission",
    );
  }

  listServiceUsers(cursor?: string): Promise<Page<ApiServiceUser>> {
    return this.explained(
      this.listPage("/service-users", serviceUsersPage, cursor),
      "list service users (GET /service-users)",
      "give the token a role with the Service Users view permission",
    );
  }

  /** Predefined and custom roles at every level the token sees (`includeChildren=true`: defect B3). */
  listRoles(cursor?: string): Promise<Page<ApiRole>> {
    return this.explained(
      this.listPage("/rbac/roles", rolesPage, cursor, { includeChildren: true }),
      "list roles (GET /rbac/roles)",
      "give the token a role with the Roles view permission",
    );
  }

  /** `GET /users/{id}` or `GET /service-users/{id}`. */
  getPrincipal(kind: PrincipalKind, id: string): Promise<ApiPrincipal> {
    const path = `${PRINCIPAL_PATHS[kind]}/${encodeURIComponent(id)}`;
    const schema = kind === "user" ? userReply : serviceUserReply;
    return this.explained(
      this.http
        .request({ method: "GET", path, route: `${PRINCIPAL_PATHS[kind]}/{id}`, schema })
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
    request?: WriteRequest,
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
          ...request,
        })
        .then((reply) => reply.data.data),
      `change the roles of the ${PRINCIPAL_WORDS[kind]} ${id}`,
      "the token needs the edit permission for users at every scope it writes, at or above the principal's level",
    );
  }

  /**
   * Accounts, sites and roles (one paged list each): read once per client, and kept in the sync's
   * `session` when given, so a resumed sync does not read them again. A failed load is not kept: the
   * next caller tries again.
   */
  catalog(session?: SessionStore): Promise<ScopeCatalog> {
    const read = () => this.readCatalog();
    this.catalogPromise ??= (
      session === undefined ? read() : rememberInSession(session, "catalog", read)
    ).then((parts) => new ScopeCatalog(parts));
    this.catalogPromise.catch(() => {
      this.catalogPromise = undefined;
    });
    return this.catalogPromise;
  }

  /** All accounts, or null when the token may not list them. */
  async allAccounts(): Promise<ApiAccount[] | null> {
    try {
      return await collectAll((cursor) => this.listAccounts(cursor), { what: "SentinelOne accounts" });
    } catch (error) {
      if (!isConnectorError(error) || error.code !== "permission-denied") throw error;
      // Warned once per client: it says what the token may not do, not what a sync did.
      if (!this.warnedAccountsForbidden) {
        this.warnedAccountsForbidden = true;
        this.logger.warn(
          "SentinelOne refused GET /accounts (403), as it does for site-scoped tokens: accounts are skipped; sites, users, service users, roles and their grants are still synced",
        );
      }
      return null;
    }
  }

  /** A 403 on `/accounts` (site-scoped token, defect B7) leaves accounts out instead of failing. */
  private async readCatalog(): Promise<ScopeCatalogParts> {
    const [accounts, sites, roles] = await Promise.all([
      this.allAccounts(),
      collectAll((cursor) => this.listSites(cursor), { what: "SentinelOne sites" }),
      collectAll((cursor) => this.listRoles(cursor), { what: "SentinelOne roles" }),
    ]);
    return { accounts, sites, roles };
  }

  private async listPage<
    S extends z.ZodType<{
      data: unknown[];
      pagination?: { nextCursor?: string | null | undefined } | null | undefined;
    }>,
  >(
    path: string,
    schema: S,
    cursor: string | undefined,
    extra: Record<string, string | number | boolean> = {},
  ): Promise<Page<z.output<S>["data"][number]>> {
    const reply = await this.http.get(path, schema, { query: { ...pageQuery(cursor), ...extra } });
    return pageOf(reply.data, reply.pagination?.nextCursor);
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
          { cause: error },
        );
      }
      throw error;
    }
  }
}

/** Builds the client on the sdk's HTTP client (auth, retries, per-path pacing, redaction). */
export const createSentinelOneClient = (options: SentinelOneClientOptions): SentinelOneClient => {
  const http = createHttpClient({
    service: "SentinelOne",
    baseUrl: apiBaseUrl(options.managementConsoleUrl),
    authHeaders: { authorization: `ApiToken ${options.apiToken}` },
    secrets: [options.apiToken],
    userAgent: options.userAgent,
    logger: options.logger,
    debug: options.debug,
    retry: options.retry,
    pacing: options.pacing === false ? undefined : SENTINELONE_PACING,
    describeError: describeSentinelOneError,
  });
  return new SentinelOneClient(http, options.logger);
};
