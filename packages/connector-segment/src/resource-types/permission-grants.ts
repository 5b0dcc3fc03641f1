import { grant, resourceId } from "@baton-ts/connector-sdk";
import type { Grant, ResourceId } from "@baton-ts/protocol";
import type { Permission } from "../client/schemas/permission.js";
import { entitlementTarget, permissionEntries } from "./permission-entries.js";

/**
 * A subject's permissions as grants: workspace-wide roles on `role:<id>:member`, label-restricted ones
 * on `label:<set>:<roleId>` (never widened to workspace-wide), instance ones on the instance's own
 * type. A grant whose entitlement the sync did not list (a deleted source, a role that does not exist
 * or is not offered on that type) is left out and counted by the engine (`unlistedEntitlementGrants`).
 */
export const permissionGrants = (
  permissions: readonly Permission[],
  principal: ResourceId,
  expandableFrom?: readonly string[],
): Grant[] => {
  const expandable = expandableFrom === undefined ? undefined : { entitlementIds: expandableFrom };
  const grants = new Map<string, Grant>();
  for (const entry of permissionEntries(permissions)) {
    const target = entitlementTarget(entry);
    const built = grant(resourceId(target.type, target.id), target.slug, principal, { expandable });
    grants.set(built.id, built);
  }
  return [...grants.values()];
};
