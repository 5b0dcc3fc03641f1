import {
  assignmentEntitlement,
  onePage,
  type ResourceTypeDefinition,
  resource,
} from "@baton-ts/connector-sdk";
import type { SegmentWorkspace } from "../client/schemas/workspace.js";
import type { SegmentClient } from "../client/segment-client.js";
import { MEMBER, TYPE } from "./type-ids.js";

export const workspaceFromApi = (workspace: SegmentWorkspace) =>
  resource({
    type: TYPE.workspace,
    id: workspace.id,
    displayName: workspace.name || workspace.slug || workspace.id,
    description: workspace.slug ? `Segment workspace ${workspace.slug}` : undefined,
  });

/** The workspace the token belongs to: one resource, with the `member` entitlement every user holds. */
export const workspaceType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.workspace,
  displayName: "Workspace",
  description: "The Segment workspace the token belongs to",
  async list(client) {
    return onePage([workspaceFromApi(await client.workspace())]);
  },
  async entitlements(_client, { resource: workspace }) {
    return onePage([
      assignmentEntitlement(workspace, MEMBER, {
        displayName: `${workspace.displayName} member`,
        description: `Is a member of the Segment workspace ${workspace.displayName}`,
        grantableTo: [TYPE.user],
      }),
    ]);
  },
  // Membership grants are emitted by each user's grants(): no second pass over the users.
};
