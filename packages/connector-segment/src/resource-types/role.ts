import {
  assignmentEntitlement,
  ConnectorError,
  onePage,
  type ResourceTypeDefinition,
  roleResource,
} from "@baton-ts/connector-sdk";
import type { SegmentClient } from "../client/segment-client.js";
import { entitlementParts } from "./entitlement-parts.js";
import { grantPermission, revokePermission } from "./permission-provisioning.js";
import { MEMBER, TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

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
  async list(client, { cursor }, ctx) {
    const parent = await workspaceParent(client, ctx);
    const page = await client.listRoles(cursor, { signal: ctx.signal });
    return {
      items: page.items.map((role) =>
        roleResource({
          type: TYPE.role,
          id: role.id,
          displayName: role.name,
          ...(role.description ? { description: role.description } : {}),
          parent,
        }),
      ),
      nextCursor: page.next,
    };
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
  async grant(client, { entitlement, principal }, ctx) {
    const { resourceId: roleId, slug } = entitlementParts(entitlement, TYPE.role);
    if (slug !== MEMBER)
      throw new ConnectorError("invalid-argument", `entitlement "${entitlement.id}" is not a role grant`);
    const workspaceId = (await client.workspace({ signal: ctx.signal })).id;
    return grantPermission(client, principal, roleId, { kind: "workspace", workspaceId }, ctx);
  },
  async revoke(client, { grant: held }, ctx) {
    if (!held.entitlement || !held.principal)
      throw new ConnectorError("invalid-argument", `grant "${held.id}" is incomplete`);
    const { resourceId: roleId, slug } = entitlementParts(held.entitlement, TYPE.role);
    if (slug !== MEMBER)
      throw new ConnectorError(
        "invalid-argument",
        `entitlement "${held.entitlement.id}" is not a role grant`,
      );
    const workspaceId = (await client.workspace({ signal: ctx.signal })).id;
    return revokePermission(client, held, roleId, { kind: "workspace", workspaceId }, ctx);
  },
};
