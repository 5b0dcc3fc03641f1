import {
  assignmentEntitlement,
  ConnectorError,
  entitlementId,
  grant,
  groupResource,
  onePage,
  type ResourceTypeDefinition,
  resourceId,
} from "@baton-ts/connector-sdk";
import type { Grant } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import { entitlementParts } from "./entitlement-parts.js";
import { inviteId } from "./invite.js";
import { grantMembership, revokeMembership } from "./membership-provisioning.js";
import { permissionGrants } from "./permission-grants.js";
import { decodeStageCursor, nextStageCursor } from "./stage-cursor.js";
import { MEMBER, TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** A group's grants are read in three listings, one page per call. */
const STAGES = ["permissions", "users", "invites"] as const;

const membershipSlug = (slug: string, entitlementIdText: string): void => {
  if (slug !== MEMBER) {
    throw new ConnectorError(
      "invalid-argument",
      `entitlement "${entitlementIdText}" is not a group membership`,
    );
  }
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
  async list(client, { cursor }, ctx) {
    const parent = await workspaceParent(client, ctx);
    const page = await client.listGroups(cursor, { signal: ctx.signal });
    return {
      items: page.items.map((group) =>
        groupResource({
          type: TYPE.group,
          id: group.id,
          displayName: group.name || group.id,
          parent,
          ...(typeof group.memberCount === "number"
            ? { group: { profile: { memberCount: group.memberCount } } }
            : {}),
        }),
      ),
      nextCursor: page.next,
    };
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
  async grants(client, { resource: group, cursor }, ctx) {
    if (!group.id) return { items: [] };
    const groupId = group.id.resource;
    const { stage, cursor: apiCursor } = decodeStageCursor(cursor, STAGES);
    let items: Grant[];
    let next: string | undefined;
    if (stage === "permissions") {
      const permissions = await client.groupPermissions(groupId, { signal: ctx.signal });
      items = await permissionGrants(client, permissions, group.id, ctx, [entitlementId(group, MEMBER)]);
    } else if (stage === "users") {
      const page = await client.listGroupUsers(groupId, apiCursor, { signal: ctx.signal });
      items = page.items.map((user) => grant(group, MEMBER, resourceId(TYPE.user, user.id)));
      next = page.next;
    } else {
      const page = await client.listGroupInvites(groupId, apiCursor, { signal: ctx.signal });
      items = page.items.map((email) => grant(group, MEMBER, resourceId(TYPE.invite, inviteId(email))));
      next = page.next;
    }
    return { items, nextCursor: nextStageCursor(STAGES, stage, next) };
  },
  async grant(client, { entitlement, principal }, ctx) {
    const { resourceId, slug } = entitlementParts(entitlement, TYPE.group);
    membershipSlug(slug, entitlement.id);
    return grantMembership(client, resourceId, principal, ctx);
  },
  async revoke(client, { grant: held }, ctx) {
    if (!held.entitlement || !held.principal)
      throw new ConnectorError("invalid-argument", `grant "${held.id}" is incomplete`);
    const { resourceId, slug } = entitlementParts(held.entitlement, TYPE.group);
    membershipSlug(slug, held.entitlement.id);
    return revokeMembership(client, resourceId, held.principal, ctx);
  },
};
