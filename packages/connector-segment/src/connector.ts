import { defineConnector } from "@baton-ts/connector-sdk";
import { createSegmentClient } from "./client/segment-client.js";
import { segmentBaseUrl, segmentConfig } from "./config.js";
import { functionType } from "./resource-types/function.js";
import { groupType } from "./resource-types/group.js";
import { inviteType } from "./resource-types/invite.js";
import { labelType } from "./resource-types/label.js";
import { roleType } from "./resource-types/role.js";
import { sourceType } from "./resource-types/source.js";
import { spaceType } from "./resource-types/space.js";
import { userType } from "./resource-types/user.js";
import { warehouseType } from "./resource-types/warehouse.js";
import { workspaceType } from "./resource-types/workspace.js";
import { CONNECTOR_VERSION } from "./version.js";

/**
 * Segment: the workspace, its users, pending invites, user groups, roles, label sets and the
 * permission targets (sources, warehouses, functions, spaces), with workspace-wide, label-restricted
 * and per-instance role grants; grants and revokes group membership and roles. The program is
 * `baton-segment`.
 */
export const segmentConnector = defineConnector({
  id: "segment",
  version: CONNECTOR_VERSION,
  metadata: {
    displayName: "Segment",
    description:
      "Syncs a Segment workspace's users, invites, user groups, roles, labels, sources, warehouses, functions and spaces with their role grants; grants and revokes group membership and roles",
    helpUrl: "https://github.com/baton-ts/baton-ts/blob/main/docs/connectors/segment.md",
  },
  config: segmentConfig,
  connect: (config, ctx) =>
    createSegmentClient({
      baseUrl: segmentBaseUrl(config),
      token: config.token,
      logger: ctx.logger,
      userAgent: ctx.userAgent,
      debug: ctx.httpDebug,
    }),
  async validate(client) {
    // GET / proves the token and the region; a one-entry /users page proves Workspace Owner rights on IAM.
    await client.workspace();
    await client.listUsers(undefined, 1);
  },
  resourceTypes: [
    workspaceType,
    userType,
    inviteType,
    groupType,
    roleType,
    labelType,
    sourceType,
    warehouseType,
    functionType,
    spaceType,
  ],
  // Permissions may still name a deleted source, or a role not offered on a target type: such grants
  // are left out (the summary counts them) instead of failing the sync.
  unlistedEntitlementGrants: "drop",
});
