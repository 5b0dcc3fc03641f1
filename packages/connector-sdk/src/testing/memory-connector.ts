import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { noteRequest } from "../contract/call-scope.js";
import { type ConnectorDefinition, defineConnector } from "../contract/connector.js";
import type { CallContext } from "../contract/context.js";
import type { Page } from "../contract/page.js";
import type { ResourceTypeDefinition } from "../contract/resource-type.js";
import { assignmentEntitlement } from "../model/entitlement.js";
import { grant } from "../model/grant.js";
import { resourceId } from "../model/ids.js";
import { appResource, groupResource, roleResource, userResource } from "../model/resource.js";

export interface MemoryConnectorOptions {
  /** Users plus groups (half each, users rounded up). */
  readonly resources: number;
  /** Average grants per resource: each group has `resources × grantsPerResource / groups` members. */
  readonly grantsPerResource: number;
  /** Users and groups per list page (default 500). */
  readonly usersPerPage?: number;
  /** Members per grants page (default 1000). */
  readonly grantsPerPage?: number;
  /** Roles, each granted to `groupsPerRole` groups with GrantExpandable to the members (default 0). */
  readonly roles?: number;
  readonly groupsPerRole?: number;
  /** Delay of every call (default 0), so that a test can kill a sync mid-way. */
  readonly latencyMs?: number;
  /**
   * Users get grants (access to the app `a0` for every third user), decided by details that ride on
   * their list page, as Segment's permissions do. The list call keeps them for the user's grants() in
   * the sync's `session`, or in the client's memory (`process`, how a connector without a session
   * would); a user whose details are not kept costs one more (simulated) detail request. Off when unset.
   */
  readonly userDetails?: "session" | "process";
}

/** The generated tenant: nothing is materialised, every page is computed from its index. */
export interface MemoryTenant {
  readonly users: number;
  readonly groups: number;
  readonly membersPerGroup: number;
  readonly options: Required<
    Omit<MemoryConnectorOptions, "resources" | "grantsPerResource" | "userDetails">
  > & { readonly userDetails: MemoryConnectorOptions["userDetails"] | undefined };
  /** Calls made, and the most that were in flight at once (to check the engine's bound). */
  readonly calls: { total: number; inFlight: number; maxInFlight: number; details: number };
  /** Users' details kept in memory (`userDetails: "process"`). */
  readonly details: Map<string, boolean>;
}

/**
 * One simulated API request: counted like the sdk's HTTP client counts its requests (the kit's
 * kill-and-resume accounting sees them, and a paging loop names this "endpoint").
 */
const call = async <T>(tenant: MemoryTenant, route: string, compute: () => T | Promise<T>): Promise<T> => {
  noteRequest(`Memory GET ${route}`);
  tenant.calls.total += 1;
  tenant.calls.inFlight += 1;
  tenant.calls.maxInFlight = Math.max(tenant.calls.maxInFlight, tenant.calls.inFlight);
  try {
    // Always yield, as a network call would, so that concurrency is real even with no latency.
    await (tenant.options.latencyMs > 0 ? sleep(tenant.options.latencyMs) : Promise.resolve());
    return compute();
  } finally {
    tenant.calls.inFlight -= 1;
  }
};

const offsetPage = <T>(
  total: number,
  cursor: string | undefined,
  size: number,
  make: (index: number) => T,
): Page<T> => {
  const start = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
  const end = Math.min(start + size, total);
  const items: T[] = [];
  for (let index = start; index < end; index += 1) items.push(make(index));
  return end < total ? { items, nextCursor: String(end) } : { items };
};

const userName = (index: number): string => `u${index}`;
const groupName = (index: number): string => `g${index}`;

/**
 * A generated connector of any size for benchmarks and engine tests: users, groups whose members are
 * spread over the users, optional roles granted to groups (expanded to their members). Deterministic:
 * the same options give the same tenant.
 */
export const memoryConnector = (
  options: MemoryConnectorOptions,
): ConnectorDefinition<z.ZodObject, MemoryTenant> => {
  const users = Math.ceil(options.resources / 2);
  const groups = options.resources - users;
  const membersPerGroup =
    groups === 0 ? 0 : Math.min(users, Math.round((options.resources * options.grantsPerResource) / groups));
  const settings = {
    usersPerPage: options.usersPerPage ?? 500,
    grantsPerPage: options.grantsPerPage ?? 1000,
    roles: options.roles ?? 0,
    groupsPerRole: Math.min(options.groupsPerRole ?? 3, groups),
    latencyMs: options.latencyMs ?? 0,
    userDetails: options.userDetails,
  };
  const hasAccess = (userIndex: number): boolean => userIndex % 3 === 0;

  /** Where a user's details ride from its list page to its grants. */
  const keepDetails = async (tenant: MemoryTenant, ctx: CallContext, page: Page<unknown>, start: number) => {
    if (settings.userDetails === undefined) return;
    const entries = page.items.map((_, k) => [userName(start + k), hasAccess(start + k)] as const);
    if (settings.userDetails === "process")
      for (const [id, access] of entries) tenant.details.set(id, access);
    else await ctx.session.withPrefix("details:").setMany(entries);
  };
  const detailsOf = async (tenant: MemoryTenant, ctx: CallContext, id: string): Promise<boolean> => {
    const kept =
      settings.userDetails === "process"
        ? tenant.details.get(id)
        : await ctx.session.withPrefix("details:").get<boolean>(id);
    if (kept !== undefined) return kept;
    tenant.calls.details += 1;
    return call(tenant, "/users/{id}", () => hasAccess(Number.parseInt(id.slice(1), 10)));
  };

  const user: ResourceTypeDefinition<MemoryTenant> = {
    id: "user",
    displayName: "User",
    traits: ["user"],
    list: async (tenant, { cursor }, ctx) => {
      const page = await call(tenant, "/users", () =>
        offsetPage(tenant.users, cursor, settings.usersPerPage, (index) =>
          userResource({
            type: "user",
            id: userName(index),
            displayName: `User ${index}`,
            user: { emails: [`${userName(index)}@example.com`], login: userName(index) },
          }),
        ),
      );
      await keepDetails(tenant, ctx, page, cursor === undefined ? 0 : Number.parseInt(cursor, 10));
      return page;
    },
    ...(settings.userDetails === undefined
      ? {}
      : {
          grants: async (tenant: MemoryTenant, { resource }, ctx) => {
            const id = resource.id?.resource ?? "";
            return {
              items: (await detailsOf(tenant, ctx, id))
                ? [grant(resourceId("app", "a0"), "access", resource)]
                : [],
            };
          },
        }),
  };

  const app: ResourceTypeDefinition<MemoryTenant> = {
    id: "app",
    displayName: "App",
    traits: ["app"],
    list: (tenant) =>
      call(tenant, "/apps", () => ({
        items: [appResource({ type: "app", id: "a0", displayName: "App 0" })],
      })),
    entitlements: (tenant, { resource }) =>
      call(tenant, "/apps/{id}/entitlements", () => ({
        items: [assignmentEntitlement(resource, "access", { grantableTo: ["user"] })],
      })),
  };

  const group: ResourceTypeDefinition<MemoryTenant> = {
    id: "group",
    displayName: "Group",
    traits: ["group"],
    list: (tenant, { cursor }) =>
      call(tenant, "/groups", () =>
        offsetPage(tenant.groups, cursor, settings.usersPerPage, (index) =>
          groupResource({ type: "group", id: groupName(index), displayName: `Group ${index}` }),
        ),
      ),
    entitlements: (tenant, { resource }) =>
      call(tenant, "/groups/{id}/entitlements", () => ({
        items: [assignmentEntitlement(resource, "member", { grantableTo: ["user"] })],
      })),
    grants: (tenant, { resource, cursor }) =>
      call(tenant, "/groups/{id}/members", () => {
        const groupIndex = Number.parseInt((resource.id?.resource ?? "g0").slice(1), 10);
        return offsetPage(tenant.membersPerGroup, cursor, settings.grantsPerPage, (k) =>
          grant(
            resource,
            "member",
            resourceId("user", userName((groupIndex * tenant.membersPerGroup + k) % tenant.users)),
          ),
        );
      }),
  };

  const role: ResourceTypeDefinition<MemoryTenant> = {
    id: "role",
    displayName: "Role",
    traits: ["role"],
    list: (tenant, { cursor }) =>
      call(tenant, "/roles", () =>
        offsetPage(settings.roles, cursor, settings.usersPerPage, (index) =>
          roleResource({ type: "role", id: `r${index}`, displayName: `Role ${index}` }),
        ),
      ),
    entitlements: (tenant, { resource }) =>
      call(tenant, "/roles/{id}/entitlements", () => ({
        items: [assignmentEntitlement(resource, "assigned", { grantableTo: ["user", "group"] })],
      })),
    grants: (tenant, { resource }) =>
      call(tenant, "/roles/{id}/assignments", () => {
        const roleIndex = Number.parseInt((resource.id?.resource ?? "r0").slice(1), 10);
        const items = [];
        for (let k = 0; k < settings.groupsPerRole; k += 1) {
          const g = groupName((roleIndex * 7 + k) % tenant.groups);
          items.push(
            grant(resource, "assigned", resourceId("group", g), {
              expandable: { entitlementIds: [`group:${g}:member`] },
            }),
          );
        }
        return { items };
      }),
  };

  return defineConnector({
    id: "memory",
    version: "0.1.0",
    metadata: { displayName: "Memory", description: "A generated tenant for benchmarks and engine tests" },
    config: z.object({}),
    connect: (): MemoryTenant => ({
      users,
      groups,
      membersPerGroup,
      options: settings,
      calls: { total: 0, inFlight: 0, maxInFlight: 0, details: 0 },
      details: new Map(),
    }),
    async validate() {},
    resourceTypes: [
      user,
      group,
      ...(settings.roles > 0 ? [role] : []),
      ...(settings.userDetails === undefined ? [] : [app]),
    ],
  });
};
