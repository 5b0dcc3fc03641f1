import {
  assignmentEntitlement,
  onePage,
  type ResourceTypeDefinition,
  resource,
} from "@baton-ts/connector-sdk";
import type { SegmentClient } from "../client/segment-client.js";
import { MEMBER, TYPE } from "./type-ids.js";

/** The workspace the token belongs to: one resource, with the `member` entitlement every user holds. */
export const workspaceType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.workspace,
  displayName: "Workspace",
  description: "The Segment workspace the token belongs to",
  async list(client, _args, ctx) {
    const workspace = await client.workspace({ signal: ctx.signal });
    return onePage([
      resource({
        type: TYPE.workspace,
        id: workspace.id,
        displayName: workspace.name || workspace.slug || workspace.id,
        ...(workspace.slug ? { description: `Segment workspace ${workspace.slug}` } : {}),
      }),
    ]);
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
