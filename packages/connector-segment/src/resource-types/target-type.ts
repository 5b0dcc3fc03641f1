import {
  type EntitlementRef,
  type Page,
  permissionEntitlement,
  provisionTargetOf,
  type ResourceTypeDefinition,
} from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import type { PermissionScope } from "./permission-entries.js";
import { grantPermission, revokePermission } from "./permission-provisioning.js";
import { roleApplicability } from "./role-applicability.js";
import { type InstanceResourceType, TARGET_OF_RESOURCE_TYPE } from "./type-ids.js";

export interface TargetTypeSpec {
  readonly id: InstanceResourceType;
  readonly displayName: string;
  readonly description: string;
  /** One page of this type's resources. */
  list(client: SegmentClient, cursor: string | undefined): Promise<Page<Resource>>;
}

/**
 * A permission target (source, warehouse, function, space): one permission entitlement
 * `<type>:<id>:<roleId>` per role that applies to the type, and grant/revoke of exactly that entry.
 */
export const targetType = (spec: TargetTypeSpec): ResourceTypeDefinition<SegmentClient> => {
  /** `<type>:<id>:<roleId>` → the role, on that one instance. */
  const roleOnTarget = ({
    resourceId,
    slug,
  }: EntitlementRef): { roleId: string; scope: PermissionScope } => ({
    roleId: slug,
    scope: { kind: "instance", targetType: TARGET_OF_RESOURCE_TYPE[spec.id], id: resourceId },
  });
  return {
    id: spec.id,
    displayName: spec.displayName,
    description: spec.description,
    list: (client, { cursor }) => spec.list(client, cursor),
    async entitlements(client, { resource: target }, { session }) {
      const roles = await client.allRoles(session);
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
    async grant(client, args, ctx) {
      const { entitlementRef, principal } = provisionTargetOf(args);
      return grantPermission(client, { principal, ...roleOnTarget(entitlementRef) }, ctx);
    },
    async revoke(client, args, ctx) {
      const { entitlementRef, principal } = provisionTargetOf(args);
      return revokePermission(client, { principal, ...roleOnTarget(entitlementRef) }, args.grant, ctx);
    },
  };
};
