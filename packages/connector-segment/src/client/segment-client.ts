import {
  collectAll,
  createHttpClient,
  type HttpClient,
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
import { describeSegmentError, segmentRetryAfterFromBody } from "./describe-error.js";
import { iamWritePacing } from "./pacing.js";
import type { PermissionInput } from "./permission-input.js";
import { errorBodySchema } from "./schemas/error-body.js";
import {
  type FunctionResourceType,
  listFunctionsResponse,
  type SegmentFunction,
} from "./schemas/functions.js";
import {
  groupResponse,
  listGroupInvitesResponse,
  listGroupsResponse,
  listGroupUsersResponse,
  type SegmentGroup,
} from "./schemas/group.js";
import { listInvitesResponse } from "./schemas/invites.js";
import { listLabelsResponse } from "./schemas/labels.js";
import type { Permission, SegmentLabel } from "./schemas/permission.js";
import { permissionsWrittenResponse } from "./schemas/permissions-written.js";
import { listRolesResponse, type SegmentRole } from "./schemas/roles.js";
import { listSourcesResponse, type SegmentSource } from "./schemas/sources.js";
import { listSpacesResponse, type SegmentSpace } from "./schemas/spaces.js";
import { statusResponse } from "./schemas/status.js";
import {
  getUserResponse,
  listUserGroupsResponse,
  listUsersResponse,
  type SegmentUser,
} from "./schemas/user.js";
import { listWarehousesResponse, type SegmentWarehouse } from "./schemas/warehouses.js";
import { type SegmentWorkspace, workspaceResponse } from "./schemas/workspace.js";

export const SEGMENT_BASE_URLS = {
  us: "https://api.segmentapis.com",
  eu: "https://eu1.api.segmentapis.com",
} as const;
export type SegmentRegion = keyof typeof SEGMENT_BASE_URLS;

export interface SegmentClientOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly logger?: Logger | undefined;
  readonly userAgent?: string | undefined;
  /** Log each request (never bodies or the token) at debug level. */
  readonly debug?: boolean | undefined;
  /** IAM writes per second (default 1: Segment allows 60 per minute). */
  readonly iamWritesPerSecond?: number | undefined;
  /** IAM writes allowed back to back before pacing starts (default 1). */
  readonly iamWriteBurst?: number | undefined;
  readonly retry?: RetryPolicy | undefined;
  readonly timeoutMs?: number | undefined;
}

/** A listing the workspace may lack (functions, spaces): `unavailable` says the feature is off. */
export type FeaturePage<T> = Page<T> & { readonly unavailable?: true };

/** Segment's page size: 200 is valid on every endpoint and spec version (the limit was 200 until 2024-03). */
export const PAGE_SIZE = 200;

/** The query of one page: the dot form the docs use (`pagination.count=200&pagination.cursor=…`). */
const pageQuery = (cursor: string | undefined, count = PAGE_SIZE): Record<string, string | number> =>
  cursor === undefined || cursor === ""
    ? { "pagination.count": count }
    : { "pagination.count": count, "pagination.cursor": cursor };

/** Statuses with which Segment answers a listing of a feature the workspace does not have. */
const FEATURE_MISSING_STATUSES = [401, 403, 404] as const;

/**
 * The typed Segment Public API client: one method per endpoint the connector uses, zod-validated
 * responses, page size 200, IAM writes paced for the 60/min limit, and Segment's rate-limit hints read
 * by the sdk's HTTP client. It keeps no state of a sync: that lives in the sync's session.
 */
export class SegmentClient {
  private workspacePromise: Promise<SegmentWorkspace> | undefined;
  private rolesPromise: Promise<readonly SegmentRole[]> | undefined;
  private readonly missingFeatures = new Set<string>();

  constructor(
    readonly http: HttpClient,
    private readonly logger: Logger = nullLogger,
  ) {}

  /** API calls made so far per `METHOD route`. */
  stats(): Readonly<Record<string, number>> {
    return this.http.stats();
  }

  private get<S extends z.ZodType>(
    path: string,
    route: string,
    schema: S,
    query?: Record<string, string | number>,
  ) {
    return this.http.get(path, schema, query === undefined ? { route } : { route, query });
  }

  // ---- workspace

  /** `GET /`: the token's workspace (fixed for a token, so read once per client). */
  workspace(): Promise<SegmentWorkspace> {
    this.workspacePromise ??= this.get("/", "/", workspaceResponse).then((r) => r.data.workspace);
    this.workspacePromise.catch(() => {
      this.workspacePromise = undefined;
    });
    return this.workspacePromise;
  }

  // ---- users

  async listUsers(cursor?: string, pageSize = PAGE_SIZE): Promise<Page<SegmentUser>> {
    const { data } = await this.get("/users", "/users", listUsersResponse, pageQuery(cursor, pageSize));
    return pageOf(data.users, data.pagination?.next);
  }

  async getUser(userId: string): Promise<SegmentUser> {
    const { data } = await this.get(
      `/users/${encodeURIComponent(userId)}`,
      "/users/{userId}",
      getUserResponse,
    );
    return data.user;
  }

  async listUserGroups(userId: string, cursor?: string) {
    const { data } = await this.get(
      `/users/${encodeURIComponent(userId)}/groups`,
      "/users/{userId}/groups",
      listUserGroupsResponse,
      pageQuery(cursor),
    );
    return pageOf(data.groups, data.pagination?.next);
  }

  /** `POST /users/{id}/permissions`: additive, so a grant never races with other admins' edits. */
  addUserPermissions(userId: string, permissions: readonly PermissionInput[], request?: WriteRequest) {
    return this.writePermissions("POST", "users", userId, permissions, request);
  }

  /** `PUT /users/{id}/permissions`: replaces the whole list. */
  replaceUserPermissions(userId: string, permissions: readonly PermissionInput[], request?: WriteRequest) {
    return this.writePermissions("PUT", "users", userId, permissions, request);
  }

  // ---- invites

  async listInvites(cursor?: string): Promise<Page<string>> {
    const { data } = await this.get("/invites", "/invites", listInvitesResponse, pageQuery(cursor));
    return pageOf(data.invites, data.pagination?.next);
  }

  // ---- groups

  async listGroups(cursor?: string): Promise<Page<SegmentGroup>> {
    const { data } = await this.get("/groups", "/groups", listGroupsResponse, pageQuery(cursor));
    return pageOf(data.userGroups, data.pagination?.next);
  }

  async getGroup(groupId: string): Promise<SegmentGroup> {
    const { data } = await this.get(
      `/groups/${encodeURIComponent(groupId)}`,
      "/groups/{userGroupId}",
      groupResponse,
    );
    return data.userGroup;
  }

  async listGroupUsers(groupId: string, cursor?: string) {
    const { data } = await this.get(
      `/groups/${encodeURIComponent(groupId)}/users`,
      "/groups/{userGroupId}/users",
      listGroupUsersResponse,
      pageQuery(cursor),
    );
    return pageOf(data.users, data.pagination?.next);
  }

  async listGroupInvites(groupId: string, cursor?: string): Promise<Page<string>> {
    const { data } = await this.get(
      `/groups/${encodeURIComponent(groupId)}/invites`,
      "/groups/{userGroupId}/invites",
      listGroupInvitesResponse,
      pageQuery(cursor),
    );
    return pageOf(data.emails, data.pagination?.next);
  }

  /**
   * `POST /groups/{id}/users {emails}`: adds joined users and pending invitees alike. Adding a member
   * twice changes nothing, so the HTTP layer may repeat it after any transient failure.
   */
  async addGroupMembers(
    groupId: string,
    emails: readonly string[],
    request?: WriteRequest,
  ): Promise<SegmentGroup> {
    const response = await this.http.request({
      method: "POST",
      path: `/groups/${encodeURIComponent(groupId)}/users`,
      route: "/groups/{userGroupId}/users",
      body: { emails },
      schema: groupResponse,
      retryMode: "idempotent",
      ...request,
    });
    return response.data.data.userGroup;
  }

  /**
   * `DELETE /group/{id}/users?emails=<email>`: the singular `/group/` path is the defined route, and a
   * single plain `emails` value is valid under every array style the SDKs use. No pagination params.
   * Removing one member is idempotent: the HTTP layer may repeat it after any transient failure.
   */
  async removeGroupMember(groupId: string, email: string, request?: WriteRequest): Promise<void> {
    await this.http.request({
      method: "DELETE",
      path: `/group/${encodeURIComponent(groupId)}/users`,
      route: "/group/{userGroupId}/users",
      query: { emails: email },
      schema: statusResponse,
      retryMode: "idempotent",
      ...request,
    });
  }

  addGroupPermissions(groupId: string, permissions: readonly PermissionInput[], request?: WriteRequest) {
    return this.writePermissions("POST", "groups", groupId, permissions, request);
  }

  replaceGroupPermissions(groupId: string, permissions: readonly PermissionInput[], request?: WriteRequest) {
    return this.writePermissions("PUT", "groups", groupId, permissions, request);
  }

  /**
   * Sent once (`retryMode: "never"`): a PUT carries a whole list computed from an earlier read, and
   * whether a repeated POST adds a second policy is undocumented. `applyChange` repeats the whole
   * read-plan-write instead.
   */
  private async writePermissions(
    method: "POST" | "PUT",
    subject: "users" | "groups",
    id: string,
    permissions: readonly PermissionInput[],
    request: WriteRequest | undefined,
  ): Promise<readonly Permission[]> {
    const param = subject === "users" ? "{userId}" : "{userGroupId}";
    const response = await this.http.request({
      method,
      path: `/${subject}/${encodeURIComponent(id)}/permissions`,
      route: `/${subject}/${param}/permissions`,
      body: { permissions },
      schema: permissionsWrittenResponse,
      retryMode: "never",
      ...request,
    });
    return response.data.data.permissions;
  }

  // ---- roles and labels

  async listRoles(cursor?: string): Promise<Page<SegmentRole>> {
    const { data } = await this.get("/roles", "/roles", listRolesResponse, pageQuery(cursor));
    return pageOf(data.roles, data.pagination?.next);
  }

  /**
   * All roles (a few dozen at most; entitlements of every target need them): read once per client,
   * and kept in the sync's `session` when given, so a resumed sync does not read them again.
   */
  allRoles(session?: SessionStore): Promise<readonly SegmentRole[]> {
    const read = () => collectAll((cursor) => this.listRoles(cursor), { what: "Segment roles" });
    this.rolesPromise ??= session === undefined ? read() : rememberInSession(session, "roles", read);
    this.rolesPromise.catch(() => {
      this.rolesPromise = undefined;
    });
    return this.rolesPromise;
  }

  async listLabels(): Promise<readonly SegmentLabel[]> {
    const { data } = await this.get("/labels", "/labels", listLabelsResponse);
    return data.labels;
  }

  // ---- permission targets

  async listSources(cursor?: string): Promise<Page<SegmentSource>> {
    const { data } = await this.get("/sources", "/sources", listSourcesResponse, pageQuery(cursor));
    return pageOf(data.sources, data.pagination?.next);
  }

  async listWarehouses(cursor?: string): Promise<Page<SegmentWarehouse>> {
    const { data } = await this.get("/warehouses", "/warehouses", listWarehousesResponse, pageQuery(cursor));
    return pageOf(data.warehouses, data.pagination?.next);
  }

  /** `GET /functions?resourceType=…` (required; one call per type). No Functions feature → none. */
  listFunctions(resourceType: FunctionResourceType, cursor?: string): Promise<FeaturePage<SegmentFunction>> {
    return this.featureListing(
      "Functions",
      "/functions",
      listFunctionsResponse,
      { resourceType, ...pageQuery(cursor) },
      (d) => d.functions,
    );
  }

  /** `GET /spaces` (alpha). No Unify/Engage feature → none. */
  listSpaces(cursor?: string): Promise<FeaturePage<SegmentSpace>> {
    return this.featureListing("Spaces", "/spaces", listSpacesResponse, pageQuery(cursor), (d) => d.spaces);
  }

  private async featureListing<S extends typeof listFunctionsResponse | typeof listSpacesResponse, T>(
    feature: string,
    path: string,
    schema: S,
    query: Record<string, string | number>,
    items: (data: z.output<S>["data"]) => readonly T[],
  ): Promise<FeaturePage<T>> {
    const response = await this.http.request({
      path,
      route: path,
      query,
      schema: schema.or(errorBodySchema),
      acceptStatus: FEATURE_MISSING_STATUSES,
    });
    if (response.status >= 300 || !("data" in response.data)) {
      // Logged once per client: it says what the workspace lacks, not what a sync did.
      if (!this.missingFeatures.has(feature)) {
        this.missingFeatures.add(feature);
        this.logger.info(
          `Segment answered ${path} with ${response.status}: the workspace has no ${feature}; listing none`,
          { feature, status: response.status },
        );
      }
      return { items: [], unavailable: true };
    }
    const data = (response.data as z.output<S>).data;
    return pageOf(items(data), data.pagination?.next);
  }
}

/** Builds the client on the sdk's HTTP client (auth, retries, rate-limit hints, redaction). */
export const createSegmentClient = (options: SegmentClientOptions): SegmentClient => {
  const http = createHttpClient({
    service: "Segment",
    baseUrl: options.baseUrl,
    authHeaders: { authorization: `Bearer ${options.token}` },
    secrets: [options.token],
    userAgent: options.userAgent,
    logger: options.logger,
    debug: options.debug,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    pacing: [iamWritePacing(options.iamWritesPerSecond, options.iamWriteBurst)],
    retryAfterFromBody: segmentRetryAfterFromBody,
    describeError: describeSegmentError,
  });
  return new SegmentClient(http, options.logger);
};
