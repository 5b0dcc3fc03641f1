import {
  type CallContext,
  ConnectorError,
  type GrantOutcome,
  type RevokeOutcome,
} from "@baton-ts/connector-sdk";
import type { Grant, Resource } from "@baton-ts/protocol";
import { type PermissionResourceInput, toPermissionInput } from "../client/permission-input.js";
import type { Permission } from "../client/schemas/permission.js";
import type { SegmentClient } from "../client/segment-client.js";
import { type PermissionScope, permissionEntries, sameScope, scopeOf } from "./permission-entries.js";
import { TYPE } from "./type-ids.js";

type Subject = { readonly kind: "user" | "group"; readonly id: string };

const subjectOf = (principal: Resource): Subject => {
  const type = principal.id?.resourceType;
  const id = principal.id?.resource;
  if ((type === TYPE.user || type === TYPE.group) && id) return { kind: type, id };
  throw new ConnectorError(
    "invalid-argument",
    `Segment roles and permissions can be granted to a user or a group, not to a ${type || "principal without a type"}` +
      (type === TYPE.invite ? " (an invite's permissions are fixed at invite time)" : ""),
  );
};

/** Read fresh (never from the sync's cache): the write must start from the subject's current state. */
const currentPermissions = async (client: SegmentClient, subject: Subject, ctx: CallContext) =>
  (subject.kind === TYPE.user
    ? await client.getUser(subject.id, { signal: ctx.signal })
    : await client.getGroup(subject.id, { signal: ctx.signal })
  ).permissions ?? [];

const resourceInput = (scope: PermissionScope): PermissionResourceInput => {
  switch (scope.kind) {
    case "workspace":
      return { id: scope.workspaceId, type: "WORKSPACE" };
    case "label":
      return {
        id: scope.workspaceId,
        type: "WORKSPACE",
        labels: scope.labels.map(({ key, value }) => ({ key, value })),
      };
    case "instance":
      return { id: scope.id, type: scope.targetType };
  }
};

/** The entitlements a grant was expanded from, when it was not also granted directly. */
const inheritedFrom = (held: Grant): string[] => {
  const sources = Object.keys(held.sources?.sources ?? {});
  const own = held.entitlement?.id ?? "";
  return sources.includes(own) ? [] : sources;
};

/**
 * Grants a role on one scope by adding exactly one permission entry with `POST …/permissions`
 * (additive: no read-modify-write race with other admins, defect 17). Already held → already-exists.
 */
export const grantPermission = async (
  client: SegmentClient,
  principal: Resource,
  roleId: string,
  scope: PermissionScope,
  ctx: CallContext,
): Promise<GrantOutcome> => {
  const subject = subjectOf(principal);
  const held = permissionEntries(await currentPermissions(client, subject, ctx));
  if (held.some((entry) => entry.roleId === roleId && sameScope(entry.scope, scope)))
    return { kind: "already-exists" };
  const input = [{ roleId, resources: [resourceInput(scope)] }];
  if (subject.kind === TYPE.user) await client.addUserPermissions(subject.id, input, { signal: ctx.signal });
  else await client.addGroupPermissions(subject.id, input, { signal: ctx.signal });
  return { kind: "granted" };
};

/**
 * The permissions left after removing exactly one (role, scope) pair: a permission listing several
 * resources keeps the others; every other permission, labels included, is returned unchanged.
 */
export const withoutEntry = (
  permissions: readonly Permission[],
  roleId: string,
  scope: PermissionScope,
): { readonly remaining: Permission[]; readonly removed: number } => {
  let removed = 0;
  const remaining: Permission[] = [];
  for (const permission of permissions) {
    if (permission.roleId !== roleId) {
      remaining.push(permission);
      continue;
    }
    const kept = permission.resources.filter((resource) => !sameScope(scopeOf(permission, resource), scope));
    removed += permission.resources.length - kept.length;
    if (kept.length > 0) remaining.push({ ...permission, resources: kept });
  }
  return { remaining, removed };
};

/**
 * Revokes a role on one scope: read the subject's permissions, drop exactly that (role, scope) pair,
 * and PUT the rest back with labels echoed and `roleName` stripped. Already gone → already-revoked.
 */
export const revokePermission = async (
  client: SegmentClient,
  held: Grant,
  roleId: string,
  scope: PermissionScope,
  ctx: CallContext,
): Promise<RevokeOutcome> => {
  const principal = held.principal;
  if (!principal) throw new ConnectorError("invalid-argument", `grant "${held.id}" has no principal`);
  const subject = subjectOf(principal);
  const { remaining, removed } = withoutEntry(await currentPermissions(client, subject, ctx), roleId, scope);
  if (removed === 0) {
    const via = inheritedFrom(held);
    if (via.length > 0) {
      throw new ConnectorError(
        "failed-precondition",
        `grant "${held.id}" is inherited through ${via.join(", ")}, not held directly: revoke that group membership (or the group's role) instead`,
      );
    }
    return { kind: "already-revoked" };
  }
  const input = remaining.map(toPermissionInput);
  if (subject.kind === TYPE.user)
    await client.replaceUserPermissions(subject.id, input, { signal: ctx.signal });
  else await client.replaceGroupPermissions(subject.id, input, { signal: ctx.signal });
  return { kind: "revoked" };
};
