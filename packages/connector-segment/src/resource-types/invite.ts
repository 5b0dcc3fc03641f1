import { mapPage, type ResourceTypeDefinition, userResource } from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** The id of an invite: its email, lower-cased (Segment keeps what the inviter typed). */
export const inviteId = (email: string): string => email.trim().toLowerCase();

export const inviteFromApi = (email: string, parent: ResourceId) =>
  userResource({
    type: TYPE.invite,
    id: inviteId(email),
    displayName: email,
    description: "Invited; has not joined the workspace yet",
    parent,
    user: {
      emails: [{ address: email, primary: true }],
      login: email,
      status: "unspecified",
      statusDetails: "invited",
    },
  });

/**
 * Pending invitations (`GET /invites`: emails only). Invitees are people with access to come: they
 * can be members of groups (`GET /groups/{id}/invites`), which the Go connector never showed (defect 18).
 */
export const inviteType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.invite,
  displayName: "Invite",
  description: "A pending invitation to the workspace (not joined yet)",
  traits: ["user"],
  async list(client, { cursor }) {
    const parent = await workspaceParent(client);
    return mapPage(await client.listInvites(cursor), (email) => inviteFromApi(email, parent));
  },
};
