import {
  assignmentEntitlement,
  ConnectorError,
  type EntitlementRef,
  entitlementId,
  grant,
  groupResource,
  mapPage,
  onePage,
  pageOf,
  provisionTargetOf,
  type ResourceTypeDefinition,
  resourceId,
  stageSequence,
} from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { SegmentGroup } from "../client/schemas/group.js";
import type { SegmentClient } from "../client/segment-client.js";
import { inviteId } from "./invite.js";
import { grantMembership, revokeMembership } from "./membership-provisioning.js";
import { permissionGrants } from "./permission-grants.js";
import { keepPermissions, permissionsOf } from "./subject-permissions.js";
import { MEMBER, TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** A group's grants are read in three listings, one API page per call. */
const GROUP_GRANTS = stageSequence("permissions", "users", "invites");

export const groupFromApi = (group: SegmentGroup, parent: ResourceId) =>
  groupResource({
    type: TYPE.group,
    id: group.id,
    displayName: group.name || group.id,
    parent,
    group:
      typeof group.memberCount === "number" ? { profile: { memberCount: group.memberCount } } : undefined,
  });

/** The group a membership entitlement names; anything but `group:<id>:member` is refused. */
const membershipOf = ({ resourceId: groupId, slug }: EntitlementRef, entitlement: string): string => {
  if (slug !== MEMBER) {
    throw new ConnectorError("invalid-argument", `entitlement "${entitlement}" is not a group membership`);
  }
  return groupId;
};

/**
 * User groups. A group's grants: its roles and permissions (with GrantExpandable over
 * `group:<gid>:member`, so members inherit them), then its joined members, then its pending invitees.
 */
export const groupType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.group,
  displayName: "Group",
  description: "A user group: its members share the group's roles",
  traits: ["group"],
  async list(client, { cursor }, { session }) {
    const parent = await workspaceParent(client);
    const page = await client.listGroups(cursor);
    await keepPermissions(session, "group", page.items);
    return mapPage(page, (group) => groupFromApi(group, parent));
  },
  async entitlements(_client, { resource: group }) {
    return onePage([
      assignmentEntitlement(group, MEMBER, {
        displayName: `${group.displayName} member`,
        description: `Is a member of the Segment user group ${group.displayName}`,
        grantableTo: [TYPE.user, TYPE.invite],
      }),
    ]);
  },
  async grants(client, { resource: group, cursor }, { session }) {
    const id = resourceId(TYPE.group, group.id?.resource ?? "");
    return GROUP_GRANTS.page(cursor, {
      permissions: async () => {
        const permissions = await permissionsOf(client, session, "group", id.resource);
        return pageOf(permissionGrants(permissions, id, [entitlementId(id, MEMBER)]));
      },
      users: async (apiCursor) =>
        mapPage(await client.listGroupUsers(id.resource, apiCursor), (user) =>
          grant(group, MEMBER, resourceId(TYPE.user, user.id)),
        ),
      invites: async (apiCursor) =>
        mapPage(await client.listGroupInvites(id.resource, apiCursor), (email) =>
          grant(group, MEMBER, resourceId(TYPE.invite, inviteId(email))),
        ),
    });
  },
  async grant(client, args, ctx) {
    const { entitlement, entitlementRef, principal } = provisionTargetOf(args);
    return grantMembership(client, membershipOf(entitlementRef, entitlement.id), principal, ctx);
  },
  async revoke(client, args, ctx) {
    const { entitlement, entitlementRef, principal } = provisionTargetOf(args);
    return revokeMembership(client, membershipOf(entitlementRef, entitlement.id), principal, ctx);
  },
};
