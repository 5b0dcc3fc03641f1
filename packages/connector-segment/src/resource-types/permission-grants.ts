import { type CallContext, grant } from "@baton-ts/connector-sdk";
import { create, type Grant, type ResourceId, ResourceSchema } from "@baton-ts/protocol";
import type { Permission } from "../client/schemas/permission.js";
import type { SegmentClient } from "../client/segment-client.js";
import { entitlementTarget, permissionEntries } from "./permission-entries.js";
import { roleApplicability } from "./role-applicability.js";
import { RESOURCE_TYPE_OF_TARGET, TYPE } from "./type-ids.js";

const stubResource = (type: string, id: string) =>
  create(ResourceSchema, { id: { resourceType: type, resource: id } });

/**
 * A subject's permissions as grants: workspace-wide roles on `role:<id>:member`, label-restricted ones
 * on `label:<set>:<roleId>` (never widened to workspace-wide), instance ones on the instance's own type.
 * A pair whose entitlement this connector did not publish (a role or target that does not exist, a
 * role the name rules do not offer there) is logged and left out instead of failing the sync.
 */
export const permissionGrants = async (
  client: SegmentClient,
  permissions: readonly Permission[],
  principal: ResourceId,
  ctx: CallContext,
  expandableEntitlementIds?: readonly string[],
): Promise<Grant[]> => {
  if (permissions.length === 0) return [];
  const roles = new Map((await client.allRoles({ signal: ctx.signal })).map((role) => [role.id, role]));
  const grants = new Map<string, Grant>();
  for (const entry of permissionEntries(permissions)) {
    const target = entitlementTarget(entry);
    const role = roles.get(entry.roleId);
    const reason = ((): string | undefined => {
      if (!role) return "the role is not listed by GET /roles";
      const applies = roleApplicability(role.name);
      if (entry.scope.kind === "label") {
        if (!applies.labelScoped) return `role "${role.name}" is not offered on label sets`;
        if (client.published.has(TYPE.label, target.id) === false)
          return "the label set was not seen by the label scan";
      }
      if (entry.scope.kind === "instance") {
        const type = RESOURCE_TYPE_OF_TARGET[entry.scope.targetType];
        if (!applies.targets.has(type)) return `role "${role.name}" is not offered on ${type} resources`;
        if (client.published.has(type, target.id) === false)
          return `the ${type} is not in the ${type} listing`;
      }
      return undefined;
    })();
    if (reason !== undefined) {
      ctx.logger.warn("Segment permission left out of the sync: its entitlement is not published", {
        principal: `${principal.resourceType}:${principal.resource}`,
        roleId: entry.roleId,
        target: `${target.type}:${target.id}`,
        reason,
      });
      continue;
    }
    const built = grant(stubResource(target.type, target.id), target.slug, principal, {
      ...(expandableEntitlementIds ? { expandable: { entitlementIds: expandableEntitlementIds } } : {}),
    });
    grants.set(built.id, built);
  }
  return [...grants.values()];
};
