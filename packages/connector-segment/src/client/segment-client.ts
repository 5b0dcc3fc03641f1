import {
  createHttpClient,
  type HttpClient,
  type Logger,
  nullLogger,
  type PacingRule,
  type RetryPolicy,
} from "@baton-ts/connector-sdk";
import type { z } from "zod";
import { describeSegmentError, segmentRetryAfterFromBody } from "./error-description.js";
import { nextCursor, type Paged, pageQuery } from "./paging.js";
import { PermissionCache } from "./permission-cache.js";
import type { PermissionInput } from "./permission-input.js";
import { PublishedTargets } from "./published-targets.js";
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
  readonly logger?: Logger;
  readonly userAgent?: string;
  /** Log each request (never bodies or the token) at debug level. */
  readonly debug?: boolean;
  /** IAM writes per second (default 1: Segment allows 60 per minute). */
  readonly iamWritesPerSecond?: number;
  /** IAM writes allowed back to back before pacing starts (default 1). */
  readonly iamWriteBurst?: number;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** Subjects whose listed permissions are kept for their grants (default 100,000). */
  readonly permissionCacheSize?: number;
}

/** Per-call options: every call takes the run's abort signal. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Entries per page for listings (default 200). */
  readonly pageSize?: number;
}

/** Options of a write: the last check before it is sent (see `applyChange`). */
export interface WriteOptions extends CallOptions {
  readonly precondition?: (signal: AbortSignal) => Promise<void>;
}

const writeExtras = (options: WriteOptions) => ({
  ...(options.signal ? { signal: options.signal } : {}),
  ...(options.precondition ? { precondition: options.precondition } : {}),
});

/** A listing the workspace may lack (functions, spaces): `unavailable` says the feature is off. */
export interface FeaturePaged<T> extends Paged<T> {
  readonly unavailable?: boolean;
}

/** Every IAM write path (users, groups, the singular `/group/`, invites, labels). */
const IAM_WRITE_PATH = /^\/(users|groups?|invites|labels)(\/|$)/;

/** Statuses with which Segment answers a listing of a feature the workspace does not have. */
const FEATURE_MISSING_STATUSES = [401, 403, 404] as const;

/**
 * The typed Segment Public API client: one method per endpoint the connector uses, zod-validated
 * responses, page size 200, IAM writes paced for the 60/min limit, and Segment's rate-limit hints read
 * by the sdk's HTTP client.
 */
export class SegmentClient {
  private workspacePromise: Promise<SegmentWorkspace> | undefined;
  private rolesPromise: Promise<readonly SegmentRole[]> | undefined;
  private readonly missingFeatures = new Set<string>();
  /** Permissions that came with a list page, kept until the subject's grants read them once. */
  readonly permissionCache: PermissionCache;
  /** Targets published by this sync, so grants never point at an entitlement that was not listed. */
  readonly published = new PublishedTargets();

  constructor(
    readonly http: HttpClient,
    private readonly logger: Logger = nullLogger,
    permissionCacheSize = 100_000,
  ) {
    this.permissionCache = new PermissionCache(permissionCacheSize);
  }

  /** API calls made so far per `METHOD route`. */
  stats(): Readonly<Record<string, number>> {
    return this.http.stats();
  }

  private get<S extends z.ZodType>(
    path: string,
    route: string,
    schema: S,
    options: CallOptions,
    query?: Record<string, string | number>,
  ) {
    return this.http.get(path, schema, {
      route,
      ...(query ? { query } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  // ---- workspace

  /** `GET /`: the token's workspace. Read once per client. */
  workspace(options: CallOptions = {}): Promise<SegmentWorkspace> {
    this.workspacePromise ??= this.get("/", "/", workspaceResponse, options).then((r) => r.data.workspace);
    this.workspacePromise.catch(() => {
      this.workspacePromise = undefined;
    });
    return this.workspacePromise;
  }

  // ---- users

  async listUsers(cursor: string | undefined, options: CallOptions = {}): Promise<Paged<SegmentUser>> {
    const { data } = await this.get(
      "/users",
      "/users",
      listUsersResponse,
      options,
      pageQuery(cursor, options.pageSize),
    );
    for (const user of data.users) {
      if (user.permissions) this.permissionCache.remember("user", user.id, user.permissions);
    }
    return { items: data.users, next: nextCursor(data.pagination) };
  }

  async getUser(userId: string, options: CallOptions = {}): Promise<SegmentUser> {
    const { data } = await this.get(
      `/users/${encodeURIComponent(userId)}`,
      "/users/{userId}",
      getUserResponse,
      options,
    );
    return data.user;
  }

  /** The user's permissions for a sync: from the list page when it carried them, else `GET /users/{id}`. */
  async userPermissions(userId: string, options: CallOptions = {}): Promise<readonly Permission[]> {
    return (
      this.permissionCache.take("user", userId) ?? (await this.getUser(userId, options)).permissions ?? []
    );
  }

  async listUserGroups(userId: string, cursor: string | undefined, options: CallOptions = {}) {
    const { data } = await this.get(
      `/users/${encodeURIComponent(userId)}/groups`,
      "/users/{userId}/groups",
      listUserGroupsResponse,
      options,
      pageQuery(cursor),
    );
    return { items: data.groups, next: nextCursor(data.pagination) };
  }

  /** `POST /users/{id}/permissions`: additive, so a grant never races with other admins' edits. */
  addUserPermissions(userId: string, permissions: readonly PermissionInput[], options: WriteOptions = {}) {
    return this.writePermissions("POST", "users", userId, permissions, options);
  }

  /** `PUT /users/{id}/permissions`: replaces the whole list. */
  replaceUserPermissions(
    userId: string,
    permissions: readonly PermissionInput[],
    options: WriteOptions = {},
  ) {
    return this.writePermissions("PUT", "users", userId, permissions, options);
  }

  // ---- invites

  async listInvites(cursor: string | undefined, options: CallOptions = {}): Promise<Paged<string>> {
    const { data } = await this.get("/invites", "/invites", listInvitesResponse, options, pageQuery(cursor));
    return { items: data.invites, next: nextCursor(data.pagination) };
  }

  // ---- groups

  async listGroups(cursor: string | undefined, options: CallOptions = {}): Promise<Paged<SegmentGroup>> {
    const { data } = await this.get("/groups", "/groups", listGroupsResponse, options, pageQuery(cursor));
    for (const group of data.userGroups) {
      if (group.permissions) this.permissionCache.remember("group", group.id, group.permissions);
    }
    return { items: data.userGroups, next: nextCursor(data.pagination) };
  }

  async getGroup(groupId: string, options: CallOptions = {}): Promise<SegmentGroup> {
    const { data } = await this.get(
      `/groups/${encodeURIComponent(groupId)}`,
      "/groups/{userGroupId}",
      groupResponse,
      options,
    );
    return data.userGroup;
  }

  /** The group's permissions for a sync: from the list page when it carried them, else `GET /groups/{id}`. */
  async groupPermissions(groupId: string, options: CallOptions = {}): Promise<readonly Permission[]> {
    return (
      this.permissionCache.take("group", groupId) ?? (await this.getGroup(groupId, options)).permissions ?? []
    );
  }

  async listGroupUsers(groupId: string, cursor: string | undefined, options: CallOptions = {}) {
    const { data } = await this.get(
      `/groups/${encodeURIComponent(groupId)}/users`,
      "/groups/{userGroupId}/users",
      listGroupUsersResponse,
      options,
      pageQuery(cursor),
    );
    return { items: data.users, next: nextCursor(data.pagination) };
  }

  async listGroupInvites(
    groupId: string,
    cursor: string | undefined,
    options: CallOptions = {},
  ): Promise<Paged<string>> {
    const { data } = await this.get(
      `/groups/${encodeURIComponent(groupId)}/invites`,
      "/groups/{userGroupId}/invites",
      listGroupInvitesResponse,
      options,
      pageQuery(cursor),
    );
    return { items: data.emails, next: nextCursor(data.pagination) };
  }

  /**
   * `POST /groups/{id}/users {emails}`: adds joined users and pending invitees alike. Adding a member
   * twice changes nothing, so the HTTP layer may repeat it after any transient failure.
   */
  async addGroupMembers(
    groupId: string,
    emails: readonly string[],
    options: WriteOptions = {},
  ): Promise<SegmentGroup> {
    const response = await this.http.request({
      method: "POST",
      path: `/groups/${encodeURIComponent(groupId)}/users`,
      route: "/groups/{userGroupId}/users",
      body: { emails },
      schema: groupResponse,
      retryMode: "idempotent",
      ...writeExtras(options),
    });
    return response.data.data.userGroup;
  }

  /**
   * `DELETE /group/{id}/users?emails=<email>`: the singular `/group/` path is the defined route, and a
   * single plain `emails` value is valid under every array style the SDKs use. No pagination params.
   * Removing one member is idempotent: the HTTP layer may repeat it after any transient failure.
   */
  async removeGroupMember(groupId: string, email: string, options: WriteOptions = {}): Promise<void> {
    await this.http.request({
      method: "DELETE",
      path: `/group/${encodeURIComponent(groupId)}/users`,
      route: "/group/{userGroupId}/users",
      query: { emails: email },
      schema: statusResponse,
      retryMode: "idempotent",
      ...writeExtras(options),
    });
  }

  addGroupPermissions(groupId: string, permissions: readonly PermissionInput[], options: WriteOptions = {}) {
    return this.writePermissions("POST", "groups", groupId, permissions, options);
  }

  replaceGroupPermissions(
    groupId: string,
    permissions: readonly PermissionInput[],
    options: WriteOptions = {},
  ) {
    return this.writePermissions("PUT", "groups", groupId, permissions, options);
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
    options: WriteOptions,
  ): Promise<readonly Permission[]> {
    const param = subject === "users" ? "{userId}" : "{userGroupId}";
    const response = await this.http.request({
      method,
      path: `/${subject}/${encodeURIComponent(id)}/permissions`,
      route: `/${subject}/${param}/permissions`,
      body: { permissions },
      schema: permissionsWrittenResponse,
      retryMode: "never",
      ...writeExtras(options),
    });
    return response.data.data.permissions;
  }

  // ---- roles and labels

  async listRoles(cursor: string | undefined, options: CallOptions = {}): Promise<Paged<SegmentRole>> {
    const { data } = await this.get("/roles", "/roles", listRolesResponse, options, pageQuery(cursor));
    return { items: data.roles, next: nextCursor(data.pagination) };
  }

  /** All roles, read once per client (a few dozen at most); entitlements of every target need them. */
  allRoles(options: CallOptions = {}): Promise<readonly SegmentRole[]> {
    this.rolesPromise ??= (async () => {
      const roles: SegmentRole[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.listRoles(cursor, options);
        roles.push(...page.items);
        cursor = page.next;
      } while (cursor !== undefined);
      return roles;
    })();
    this.rolesPromise.catch(() => {
      this.rolesPromise = undefined;
    });
    return this.rolesPromise;
  }

  async listLabels(options: CallOptions = {}): Promise<readonly SegmentLabel[]> {
    const { data } = await this.get("/labels", "/labels", listLabelsResponse, options);
    return data.labels;
  }

  // ---- permission targets

  async listSources(cursor: string | undefined, options: CallOptions = {}): Promise<Paged<SegmentSource>> {
    const { data } = await this.get("/sources", "/sources", listSourcesResponse, options, pageQuery(cursor));
    return { items: data.sources, next: nextCursor(data.pagination) };
  }

  async listWarehouses(
    cursor: string | undefined,
    options: CallOptions = {},
  ): Promise<Paged<SegmentWarehouse>> {
    const { data } = await this.get(
      "/warehouses",
      "/warehouses",
      listWarehousesResponse,
      options,
      pageQuery(cursor),
    );
    return { items: data.warehouses, next: nextCursor(data.pagination) };
  }

  /** `GET /functions?resourceType=…` (required; one call per type). No Functions feature → none. */
  listFunctions(
    resourceType: FunctionResourceType,
    cursor: string | undefined,
    options: CallOptions = {},
  ): Promise<FeaturePaged<SegmentFunction>> {
    return this.featureListing(
      "Functions",
      "/functions",
      listFunctionsResponse,
      { resourceType, ...pageQuery(cursor) },
      options,
      (d) => d.functions,
    );
  }

  /** `GET /spaces` (alpha). No Unify/Engage feature → none. */
  listSpaces(cursor: string | undefined, options: CallOptions = {}): Promise<FeaturePaged<SegmentSpace>> {
    return this.featureListing(
      "Spaces",
      "/spaces",
      listSpacesResponse,
      pageQuery(cursor),
      options,
      (d) => d.spaces,
    );
  }

  private async featureListing<S extends typeof listFunctionsResponse | typeof listSpacesResponse, T>(
    feature: string,
    path: string,
    schema: S,
    query: Record<string, string | number>,
    options: CallOptions,
    items: (data: z.output<S>["data"]) => readonly T[],
  ): Promise<FeaturePaged<T>> {
    const response = await this.http.request({
      path,
      route: path,
      query,
      schema: schema.or(errorBodySchema),
      acceptStatus: FEATURE_MISSING_STATUSES,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status >= 300 || !("data" in response.data)) {
      if (!this.missingFeatures.has(feature)) {
        this.missingFeatures.add(feature);
        this.logger.info(
          `Segment answered ${path} with ${response.status}: the workspace has no ${feature}; listing none`,
          {
            feature,
            status: response.status,
          },
        );
      }
      return { items: [], unavailable: true };
    }
    const data = (response.data as z.output<S>).data;
    return { items: items(data), next: nextCursor(data.pagination) };
  }
}

/** IAM writes (60/min at Segment) paced at `perSecond`, shared by every caller of the client. */
export const iamWritePacing = (perSecond = 1, burst = 1): PacingRule => ({
  name: "segment-iam-writes",
  methods: ["POST", "PUT", "PATCH", "DELETE"],
  path: IAM_WRITE_PATH,
  perSecond,
  burst,
});

/** Builds the client on the sdk's HTTP client (auth, retries, rate-limit hints, redaction). */
export const createSegmentClient = (options: SegmentClientOptions): SegmentClient => {
  const http = createHttpClient({
    service: "Segment",
    baseUrl: options.baseUrl,
    authHeaders: { authorization: `Bearer ${options.token}` },
    secrets: [options.token],
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.debug ? { debug: true } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    pacing: [iamWritePacing(options.iamWritesPerSecond, options.iamWriteBurst)],
    retryAfterFromBody: segmentRetryAfterFromBody,
    describeError: describeSegmentError,
  });
  return new SegmentClient(http, options.logger, options.permissionCacheSize);
};
