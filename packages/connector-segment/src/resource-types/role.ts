import {
  assignmentEntitlement,
  ConnectorError,
  type EntitlementRef,
  mapPage,
  onePage,
  provisionTargetOf,
  type ResourceTypeDefinition,
  roleResource,
} from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { SegmentRole } from "../client/schemas/roles.js";
import type { SegmentClient } from "../client/segment-client.js";
import type { PermissionScope } from "./permission-entries.js";
import { grantPermission, revokePermission } from "./permission-provisioning.js";
import { MEMBER, TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

export const roleFromApi = (role: SegmentRole, parent: ResourceId) =>
  roleResource({
    type: TYPE.role,
    id: role.id,
    displayName: role.name,
    description: role.description || undefined,
    parent,
  });

/** The role of `role:<roleId>:member` and its scope, the whole workspace; other slugs are refused. */
const workspaceRole = async (
  client: SegmentClient,
  { resourceId: roleId, slug }: EntitlementRef,
  entitlement: string,
): Promise<{ roleId: string; scope: PermissionScope }> => {
  if (slug !== MEMBER)
    throw new ConnectorError("invalid-argument", `entitlement "${entitlement}" is not a role grant`);
  return { roleId, scope: { kind: "workspace", workspaceId: (await client.workspace()).id } };
};

/**
 * Roles (`GET /roles`). `role:<roleId>:member` means "holds the role workspace-wide with no label
 * restriction"; label-restricted and instance-scoped holdings are published on `label` and the
 * target types instead, so they are never shown wider than they are (defect 14).
 */
export const roleType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.role,
  displayName: "Role",
  description: "A Segment role",
  traits: ["role"],
  async list(client, { cursor }) {
    const parent = await workspaceParent(client);
    return mapPage(await client.listRoles(cursor), (role) => roleFromApi(role, parent));
  },
  async entitlements(_client, { resource: role }) {
    return onePage([
      assignmentEntitlement(role, MEMBER, {
        displayName: `${role.displayName} (workspace-wide)`,
        description: `Holds the ${role.displayName} role on the whole workspace, without a label restriction`,
        grantableTo: [TYPE.user, TYPE.group],
      }),
    ]);
  },
  async grant(client, args, ctx) {
    const { entitlement, entitlementRef, principal } = provisionTargetOf(args);
    const role = await workspaceRole(client, entitlementRef, entitlement.id);
    return grantPermission(client, { principal, ...role }, ctx);
  },
  async revoke(client, args, ctx) {
    const { entitlement, entitlementRef, principal } = provisionTargetOf(args);
    const role = await workspaceRole(client, entitlementRef, entitlement.id);
    return revokePermission(client, { principal, ...role }, args.grant, ctx);
  },
};
