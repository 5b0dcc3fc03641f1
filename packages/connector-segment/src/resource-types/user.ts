import { grant, type ResourceTypeDefinition, resourceId, userResource } from "@baton-ts/connector-sdk";
import { create, ResourceSchema } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import { permissionGrants } from "./permission-grants.js";
import { MEMBER, TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/**
 * Joined workspace members (`GET /users`). A user's grants (workspace membership, its roles and
 * permissions) come from its own grants(): its permissions ride on the list page when Segment sends
 * them, otherwise one `GET /users/{id}` per user.
 */
export const userType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.user,
  displayName: "User",
  description: "A member of the workspace who has joined",
  traits: ["user"],
  async list(client, { cursor }, ctx) {
    const parent = await workspaceParent(client, ctx);
    const page = await client.listUsers(cursor, { signal: ctx.signal });
    return {
      items: page.items.map((user) =>
        userResource({
          type: TYPE.user,
          id: user.id,
          displayName: user.name || user.email,
          parent,
          user: { emails: [{ address: user.email, primary: true }], login: user.email, status: "enabled" },
        }),
      ),
      nextCursor: page.next,
    };
  },
  async grants(client, { resource: user }, ctx) {
    const principal = user.id;
    if (!principal) return { items: [] };
    const workspaceId =
      user.parentResourceId?.resource ?? (await client.workspace({ signal: ctx.signal })).id;
    // The grant needs only the entitlement's resource id; the store holds the full workspace.
    const workspace = create(ResourceSchema, { id: resourceId(TYPE.workspace, workspaceId) });
    const permissions = await client.userPermissions(principal.resource, { signal: ctx.signal });
    return {
      items: [
        grant(workspace, MEMBER, principal),
        ...(await permissionGrants(client, permissions, principal, ctx)),
      ],
    };
  },
};
