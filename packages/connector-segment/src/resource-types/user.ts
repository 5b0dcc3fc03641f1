import {
  grant,
  mapPage,
  type ResourceTypeDefinition,
  resourceId,
  userResource,
} from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { SegmentUser } from "../client/schemas/user.js";
import type { SegmentClient } from "../client/segment-client.js";
import { permissionGrants } from "./permission-grants.js";
import { keepPermissions, permissionsOf } from "./subject-permissions.js";
import { MEMBER, TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

export const userFromApi = (user: SegmentUser, parent: ResourceId) =>
  userResource({
    type: TYPE.user,
    id: user.id,
    displayName: user.name || user.email,
    parent,
    user: { emails: [{ address: user.email, primary: true }], login: user.email, status: "enabled" },
  });

/**
 * Joined workspace members (`GET /users`). A user's grants (workspace membership, its roles and
 * permissions) come from its own grants(): its permissions ride on the list page when Segment sends
 * them, otherwise the label scan read them (`GET /users/{id}`); both keep them in the session.
 */
export const userType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.user,
  displayName: "User",
  description: "A member of the workspace who has joined",
  traits: ["user"],
  async list(client, { cursor }, { session }) {
    const parent = await workspaceParent(client);
    const page = await client.listUsers(cursor);
    await keepPermissions(session, "user", page.items);
    return mapPage(page, (user) => userFromApi(user, parent));
  },
  async grants(client, { resource: user }, { session }) {
    const principal = resourceId(TYPE.user, user.id?.resource ?? "");
    const workspace = user.parentResourceId ?? (await workspaceParent(client));
    const permissions = await permissionsOf(client, session, "user", principal.resource);
    return { items: [grant(workspace, MEMBER, principal), ...permissionGrants(permissions, principal)] };
  },
};
