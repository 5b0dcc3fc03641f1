import {
  type CallContext,
  ConnectorError,
  type Page,
  permissionEntitlement,
  type ResourceTypeDefinition,
} from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import { entitlementParts } from "./entitlement-parts.js";
import type { PermissionScope } from "./permission-entries.js";
import { grantPermission, revokePermission } from "./permission-provisioning.js";
import { roleApplicability } from "./role-applicability.js";
import { type InstanceResourceType, TARGET_OF_RESOURCE_TYPE } from "./type-ids.js";

export interface TargetTypeSpec {
  readonly id: InstanceResourceType;
  readonly displayName: string;
  readonly description: string;
  /** One page of this type's resources (the listing also records the ids it publishes). */
  list(client: SegmentClient, cursor: string | undefined, ctx: CallContext): Promise<Page<Resource>>;
}

/**
 * A permission target (source, warehouse, function, space): one permission entitlement
 * `<type>:<id>:<roleId>` per role that applies to the type, and grant/revoke of exactly that entry.
 */
export const targetType = (spec: TargetTypeSpec): ResourceTypeDefinition<SegmentClient> => ({
  id: spec.id,
  displayName: spec.displayName,
  description: spec.description,
  list: (client, { cursor }, ctx) => spec.list(client, cursor, ctx),
  async entitlements(client, { resource: target }, ctx) {
    const roles = await client.allRoles({ signal: ctx.signal });
    return {
      items: roles
        .filter((role) => roleApplicability(role.name).targets.has(spec.id))
        .map((role) =>
          permissionEntitlement(target, role.id, {
            displayName: `${role.name} on ${target.displayName}`,
            description: `Holds the ${role.name} role on the ${spec.displayName.toLowerCase()} ${target.displayName}`,
            grantableTo: ["user", "group"],
          }),
        ),
    };
  },
  async grant(client, { entitlement, principal }, ctx) {
    const { resourceId, slug: roleId } = entitlementParts(entitlement, spec.id);
    return grantPermission(client, principal, roleId, scope(spec.id, resourceId), ctx);
  },
  async revoke(client, { grant: held }, ctx) {
    if (!held.entitlement || !held.principal)
      throw new ConnectorError("invalid-argument", `grant "${held.id}" is incomplete`);
    const { resourceId, slug: roleId } = entitlementParts(held.entitlement, spec.id);
    return revokePermission(client, held, roleId, scope(spec.id, resourceId), ctx);
  },
});

const scope = (type: InstanceResourceType, id: string): PermissionScope => ({
  kind: "instance",
  targetType: TARGET_OF_RESOURCE_TYPE[type],
  id,
});
