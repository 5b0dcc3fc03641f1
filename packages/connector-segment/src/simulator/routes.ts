import type { SimulatorRoute } from "@baton-ts/connector-sdk/testing";
import { apiError, notFound, validationError } from "./api-error.js";
import type { SimGroup, SimPermission, SimState, SimUser } from "./model.js";
import { FUNCTION_RESOURCE_TYPES, type FunctionResourceType } from "./model.js";
import { type LastPageNext, pageOf } from "./pagination.js";
import {
  readPermissionInputs,
  renderPermission,
  renderWrittenPermission,
  samePolicy,
} from "./permissions.js";
import type { Random } from "./prng.js";
import { readArrayParam, requireEmails } from "./query-arrays.js";

/** The switches a route handler reads; see SegmentSimulatorOptions for what each one means. */
export interface RouteSettings {
  listIncludesPermissions: boolean;
  features: { functions: boolean; spaces: boolean };
  featureErrorStatus: number;
  maxPageSize: number;
  lastPageNext: LastPageNext;
  rejectRoleNameInInput: boolean;
}

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly state: SimState;
  readonly settings: RouteSettings;
  readonly random: Random;
}

export interface RouteResult {
  readonly status?: number;
  readonly data: unknown;
}

export interface Route extends SimulatorRoute<RouteContext, RouteResult> {
  /** Counts against the 60/min IAM write limit. */
  readonly iamWrite?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const page = <T>(ctx: RouteContext, items: readonly T[]) =>
  pageOf(items, ctx.query, ctx.settings.maxPageSize, ctx.settings.lastPageNext);

const param = (ctx: RouteContext, name: string): string => ctx.params[name] ?? "";

const userOr404 = (ctx: RouteContext): SimUser => {
  const user = ctx.state.users.get(param(ctx, "userId"));
  if (!user) throw notFound(`user ${param(ctx, "userId")} not found`);
  return user;
};

const groupOr404 = (ctx: RouteContext): SimGroup => {
  const group = ctx.state.groups.get(param(ctx, "userGroupId"));
  if (!group) throw notFound(`user group ${param(ctx, "userGroupId")} not found`);
  return group;
};

const renderUser = (ctx: RouteContext, user: SimUser, withPermissions: boolean) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  ...(withPermissions ? { permissions: user.permissions.map((p) => renderPermission(ctx.state, p)) } : {}),
});

const renderGroup = (ctx: RouteContext, group: SimGroup, withPermissions: boolean) => ({
  id: group.id,
  name: group.name,
  memberCount: group.userIds.size + group.inviteEmails.size,
  ...(withPermissions ? { permissions: group.permissions.map((p) => renderPermission(ctx.state, p)) } : {}),
});

const readEmailsBody = (body: unknown): string[] => {
  if (!isRecord(body) || !Array.isArray(body.emails) || !body.emails.every((e) => typeof e === "string")) {
    throw validationError(`"emails" is required and must be an array of strings`, "emails");
  }
  return body.emails as string[];
};

/** Resolves an email to a joined user or a pending invite of the workspace (case-insensitive). */
const resolveMember = (state: SimState, email: string, field: string) => {
  const lower = email.toLowerCase();
  for (const user of state.users.values()) if (user.email.toLowerCase() === lower) return { user };
  const invite = state.invites.get(lower);
  if (invite) return { invite };
  throw validationError(`${email} is neither a member nor an invitee of this workspace`, field);
};

const addMembers = (state: SimState, group: SimGroup, emails: readonly string[]): void => {
  emails.forEach((email, index) => {
    const member = resolveMember(state, email, `emails[${index}]`);
    if (member.user) group.userIds.add(member.user.id);
    else if (member.invite) group.inviteEmails.add(member.invite.email);
  });
};

const removeMembers = (state: SimState, group: SimGroup, emails: readonly string[]): void => {
  for (const email of emails) {
    const lower = email.toLowerCase();
    for (const id of group.userIds) {
      if (state.users.get(id)?.email.toLowerCase() === lower) group.userIds.delete(id);
    }
    for (const invitee of group.inviteEmails)
      if (invitee.toLowerCase() === lower) group.inviteEmails.delete(invitee);
  }
};

const addPermissions = (existing: SimPermission[], added: readonly SimPermission[]): SimPermission[] =>
  added.map((permission) => {
    const same = existing.find((held) => samePolicy(held, permission));
    if (same) return same;
    existing.push(permission);
    return permission;
  });

const featureGate = (ctx: RouteContext, feature: "functions" | "spaces"): void => {
  if (ctx.settings.features[feature]) return;
  const name = feature === "functions" ? "Functions" : "Unify/Engage spaces";
  const status = ctx.settings.featureErrorStatus;
  throw apiError(status, "forbidden", `This workspace does not have access to ${name}`);
};

/**
 * POST (additive) and PUT (replace) of a subject's permissions: the same semantics for users and groups.
 * Both answer with the permissions written, as the real API does.
 */
const permissionRoutes = (
  route: string,
  type: "user" | "group",
  subjectOr404: (ctx: RouteContext) => SimUser | SimGroup,
): Route[] => {
  const inputs = (ctx: RouteContext): SimPermission[] =>
    readPermissionInputs(
      ctx.state,
      ctx.body,
      { rejectRoleName: ctx.settings.rejectRoleNameInInput },
      ctx.random,
    );
  const written = (ctx: RouteContext, id: string, permissions: readonly SimPermission[]) => ({
    data: { permissions: permissions.map((p) => renderWrittenPermission(ctx.state, p, { id, type })) },
  });
  return [
    {
      method: "POST",
      route,
      iamWrite: true,
      handle: (ctx) => {
        const subject = subjectOr404(ctx);
        return written(ctx, subject.id, addPermissions(subject.permissions, inputs(ctx)));
      },
    },
    {
      method: "PUT",
      route,
      iamWrite: true,
      handle: (ctx) => {
        const subject = subjectOr404(ctx);
        subject.permissions = inputs(ctx);
        return written(ctx, subject.id, subject.permissions);
      },
    },
  ];
};

const SUCCESS = { status: "SUCCESS" };

export const ROUTES: readonly Route[] = [
  {
    method: "GET",
    route: "/",
    handle: (ctx) => ({ data: { workspace: { ...ctx.state.workspace } } }),
  },
  // ---- users
  {
    method: "GET",
    route: "/users",
    handle: (ctx) => {
      const { items, pagination } = page(ctx, [...ctx.state.users.values()]);
      return {
        data: {
          users: items.map((u) => renderUser(ctx, u, ctx.settings.listIncludesPermissions)),
          pagination,
        },
      };
    },
  },
  {
    method: "DELETE",
    route: "/users",
    iamWrite: true,
    handle: (ctx) => {
      const ids = readArrayParam(ctx.query, "userIds");
      if (ids.length === 0) throw validationError(`"userIds" is required`, "userIds");
      for (const id of ids) if (!ctx.state.users.has(id)) throw notFound(`user ${id} not found`);
      for (const id of ids) {
        ctx.state.users.delete(id);
        for (const group of ctx.state.groups.values()) group.userIds.delete(id);
      }
      return { data: SUCCESS };
    },
  },
  {
    method: "GET",
    route: "/users/{userId}",
    handle: (ctx) => ({ data: { user: renderUser(ctx, userOr404(ctx), true) } }),
  },
  {
    method: "GET",
    route: "/users/{userId}/groups",
    handle: (ctx) => {
      const user = userOr404(ctx);
      const groups = [...ctx.state.groups.values()].filter((g) => g.userIds.has(user.id));
      const { items, pagination } = page(ctx, groups);
      return { data: { groups: items.map((g) => ({ id: g.id, name: g.name })), pagination } };
    },
  },
  ...permissionRoutes("/users/{userId}/permissions", "user", userOr404),
  // ---- invites
  {
    method: "GET",
    route: "/invites",
    handle: (ctx) => {
      const { items, pagination } = page(ctx, [...ctx.state.invites.values()]);
      return { data: { invites: items.map((invite) => invite.email), pagination } };
    },
  },
  {
    method: "POST",
    route: "/invites",
    iamWrite: true,
    handle: (ctx) => {
      const body = ctx.body;
      if (!isRecord(body) || !Array.isArray(body.invites) || body.invites.length === 0) {
        throw validationError(`"invites" is required and must be a non-empty array`, "invites");
      }
      const emails = body.invites.map((invite, index) => {
        if (!isRecord(invite) || typeof invite.email !== "string") {
          throw validationError(`"invites[${index}].email" is required`, `invites[${index}].email`);
        }
        requireEmails([invite.email], `invites[${index}].email`);
        return invite.email;
      });
      for (const email of emails) {
        const lower = email.toLowerCase();
        if ([...ctx.state.users.values()].some((u) => u.email.toLowerCase() === lower)) {
          throw apiError(409, "conflict", `${email} is already a member`);
        }
        if (!ctx.state.invites.has(lower)) ctx.state.invites.set(lower, { email, permissions: [] });
      }
      return { status: 201, data: { emails } };
    },
  },
  {
    method: "DELETE",
    route: "/invites",
    iamWrite: true,
    handle: (ctx) => {
      const emails = requireEmails(readArrayParam(ctx.query, "emails"), "emails");
      for (const email of emails) {
        const invite = ctx.state.invites.get(email.toLowerCase());
        if (!invite) continue;
        ctx.state.invites.delete(email.toLowerCase());
        for (const group of ctx.state.groups.values()) group.inviteEmails.delete(invite.email);
      }
      return { data: SUCCESS };
    },
  },
  // ---- groups
  {
    method: "GET",
    route: "/groups",
    handle: (ctx) => {
      const { items, pagination } = page(ctx, [...ctx.state.groups.values()]);
      return {
        data: {
          userGroups: items.map((g) => renderGroup(ctx, g, ctx.settings.listIncludesPermissions)),
          pagination,
        },
      };
    },
  },
  {
    method: "POST",
    route: "/groups",
    iamWrite: true,
    handle: (ctx) => {
      const body = ctx.body;
      if (!isRecord(body) || typeof body.name !== "string" || body.name === "") {
        throw validationError(`"name" is required`, "name");
      }
      const id = ctx.random.ksuid();
      const group: SimGroup = {
        id,
        name: body.name,
        userIds: new Set(),
        inviteEmails: new Set(),
        permissions: [],
      };
      ctx.state.groups.set(id, group);
      return { data: { userGroup: renderGroup(ctx, group, true) } };
    },
  },
  {
    method: "GET",
    route: "/groups/{userGroupId}",
    handle: (ctx) => ({ data: { userGroup: renderGroup(ctx, groupOr404(ctx), true) } }),
  },
  {
    method: "PATCH",
    route: "/groups/{userGroupId}",
    iamWrite: true,
    handle: (ctx) => {
      const group = groupOr404(ctx);
      const body = ctx.body;
      if (!isRecord(body) || typeof body.name !== "string" || body.name === "") {
        throw validationError(`"name" is required`, "name");
      }
      group.name = body.name;
      return { data: { userGroup: renderGroup(ctx, group, true) } };
    },
  },
  {
    method: "DELETE",
    route: "/groups/{userGroupId}",
    iamWrite: true,
    handle: (ctx) => {
      ctx.state.groups.delete(groupOr404(ctx).id);
      return { data: SUCCESS };
    },
  },
  {
    method: "GET",
    route: "/groups/{userGroupId}/users",
    handle: (ctx) => {
      const group = groupOr404(ctx);
      const members = [...group.userIds].flatMap((id) => {
        const user = ctx.state.users.get(id);
        return user ? [{ id: user.id, name: user.name, email: user.email }] : [];
      });
      const { items, pagination } = page(ctx, members);
      return { data: { users: items, pagination } };
    },
  },
  {
    method: "GET",
    route: "/groups/{userGroupId}/invites",
    handle: (ctx) => {
      const { items, pagination } = page(ctx, [...groupOr404(ctx).inviteEmails]);
      return { data: { emails: items, pagination } };
    },
  },
  {
    method: "POST",
    route: "/groups/{userGroupId}/users",
    iamWrite: true,
    handle: (ctx) => {
      const group = groupOr404(ctx);
      const emails = readEmailsBody(ctx.body);
      if (emails.length === 0) throw validationError(`"emails" must not be empty`, "emails");
      requireEmails(emails, "emails");
      addMembers(ctx.state, group, emails);
      return { data: { userGroup: renderGroup(ctx, group, true) } };
    },
  },
  // The singular `/group/` path is how the real API spells remove and replace members.
  {
    method: "DELETE",
    route: "/group/{userGroupId}/users",
    iamWrite: true,
    handle: (ctx) => {
      const group = groupOr404(ctx);
      removeMembers(ctx.state, group, requireEmails(readArrayParam(ctx.query, "emails"), "emails"));
      return { data: SUCCESS };
    },
  },
  {
    method: "PUT",
    route: "/group/{userGroupId}/users",
    iamWrite: true,
    handle: (ctx) => {
      const group = groupOr404(ctx);
      const emails = readEmailsBody(ctx.body);
      if (emails.length > 0) requireEmails(emails, "emails");
      const replacement: SimGroup = { ...group, userIds: new Set(), inviteEmails: new Set() };
      addMembers(ctx.state, replacement, emails);
      group.userIds = replacement.userIds;
      group.inviteEmails = replacement.inviteEmails;
      return { data: { userGroup: renderGroup(ctx, group, true) } };
    },
  },
  ...permissionRoutes("/groups/{userGroupId}/permissions", "group", groupOr404),
  // ---- roles and labels
  {
    method: "GET",
    route: "/roles",
    handle: (ctx) => {
      const { items, pagination } = page(ctx, [...ctx.state.roles.values()]);
      return {
        data: {
          roles: items.map((r) => ({ id: r.id, name: r.name, description: r.description })),
          pagination,
        },
      };
    },
  },
  {
    method: "GET",
    route: "/labels",
    handle: (ctx) => ({ data: { labels: ctx.state.labels.map((label) => ({ ...label })) } }),
  },
  {
    method: "POST",
    route: "/labels",
    iamWrite: true,
    handle: (ctx) => {
      const body = ctx.body;
      const label = isRecord(body) ? body.label : undefined;
      if (!isRecord(label) || typeof label.key !== "string" || typeof label.value !== "string") {
        throw validationError(`"label" must be {key, value, description?}`, "label");
      }
      if (ctx.state.labels.some((l) => l.key === label.key && l.value === label.value)) {
        throw apiError(409, "conflict", `label ${label.key}:${label.value} exists`);
      }
      const created = {
        key: label.key,
        value: label.value,
        ...(typeof label.description === "string" ? { description: label.description } : {}),
      };
      ctx.state.labels.push(created);
      return { status: 201, data: { label: created } };
    },
  },
  {
    method: "DELETE",
    route: "/labels/{key}/{value}",
    iamWrite: true,
    handle: (ctx) => {
      const key = param(ctx, "key");
      const value = param(ctx, "value");
      const index = ctx.state.labels.findIndex((l) => l.key === key && l.value === value);
      if (index < 0) throw notFound(`label ${key}:${value} not found`);
      // Like the real service: a label on a source or in a permission cannot be deleted.
      const same = (l: { key: string; value: string }) => l.key === key && l.value === value;
      const inPermissions = (permissions: readonly SimPermission[]) =>
        permissions.some(
          (p) => (p.labels ?? []).some(same) || p.resources.some((r) => (r.labels ?? []).some(same)),
        );
      const subjects = [...ctx.state.users.values(), ...ctx.state.groups.values()];
      if (
        [...ctx.state.sources.values()].some((s) => s.labels.some(same)) ||
        subjects.some((x) => inPermissions(x.permissions))
      ) {
        throw validationError(
          `label ${key}:${value} is in use; remove it from sources and permissions first`,
          "label",
        );
      }
      ctx.state.labels.splice(index, 1);
      return { data: SUCCESS };
    },
  },
  // ---- permission targets
  {
    method: "GET",
    route: "/sources",
    handle: (ctx) => {
      const { items, pagination } = page(ctx, [...ctx.state.sources.values()]);
      const workspaceId = ctx.state.workspace.id;
      return {
        data: {
          sources: items.map((s) => ({
            id: s.id,
            slug: s.slug,
            name: s.name,
            enabled: s.enabled,
            workspaceId,
            writeKeys: [`wk_${s.id.slice(0, 12)}`],
            metadata: {
              id: "catalog-javascript",
              slug: "javascript",
              name: "Javascript",
              categories: ["Website"],
            },
            labels: s.labels.map((label) => {
              const known = ctx.state.labels.find((l) => l.key === label.key && l.value === label.value);
              return { ...label, ...(known?.description ? { description: known.description } : {}) };
            }),
          })),
          pagination,
        },
      };
    },
  },
  {
    method: "GET",
    route: "/warehouses",
    handle: (ctx) => {
      const { items, pagination } = page(ctx, [...ctx.state.warehouses.values()]);
      return {
        data: {
          warehouses: items.map((w) => ({
            id: w.id,
            workspaceId: ctx.state.workspace.id,
            enabled: w.enabled,
            metadata: {
              id: w.kind.id,
              name: w.kind.name,
              slug: w.kind.slug,
              description: `${w.kind.name} data warehouse`,
              logos: { default: `https://cdn.example/${w.kind.slug}.svg` },
              options: [],
            },
            settings: w.settingsName === undefined ? {} : { name: w.settingsName },
          })),
          pagination,
        },
      };
    },
  },
  {
    method: "GET",
    route: "/functions",
    handle: (ctx) => {
      featureGate(ctx, "functions");
      const resourceType = ctx.query.get("resourceType") as FunctionResourceType | null;
      if (resourceType === null || !FUNCTION_RESOURCE_TYPES.includes(resourceType)) {
        throw validationError(
          `"resourceType" must be one of ${FUNCTION_RESOURCE_TYPES.join(", ")}`,
          "resourceType",
        );
      }
      const matching = [...ctx.state.functions.values()].filter((f) => f.resourceType === resourceType);
      const { items, pagination } = page(ctx, matching);
      return {
        data: {
          functions: items.map((f) => ({
            id: f.id,
            displayName: f.displayName,
            description: f.description,
            resourceType: f.resourceType,
            createdAt: f.createdAt,
            createdBy: "system",
          })),
          pagination,
        },
      };
    },
  },
  {
    method: "GET",
    route: "/spaces",
    handle: (ctx) => {
      featureGate(ctx, "spaces");
      const { items, pagination } = page(ctx, [...ctx.state.spaces.values()]);
      return { data: { spaces: items.map((s) => ({ ...s })), pagination } };
    },
  },
];
