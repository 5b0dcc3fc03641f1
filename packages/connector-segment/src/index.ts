// @baton-ts/connector-segment: the Segment connector definition, its config and typed API client.
// The API simulator is a separate entry: @baton-ts/connector-segment/simulator.
export * from "./client/index.js";
export { type SegmentConfig, segmentBaseUrl, segmentConfig } from "./config.js";
export { segmentConnector } from "./connector.js";
export { functionType } from "./resource-types/function.js";
export { groupType } from "./resource-types/group.js";
export { inviteId, inviteType } from "./resource-types/invite.js";
export { labelType } from "./resource-types/label.js";
export {
  type LabelRef,
  labelSetDisplayName,
  labelSetId,
  parseLabelSetId,
} from "./resource-types/label-set.js";
export {
  type PermissionEntry,
  type PermissionScope,
  permissionEntries,
} from "./resource-types/permission-entries.js";
export { roleType } from "./resource-types/role.js";
export { type RoleApplicability, roleApplicability } from "./resource-types/role-applicability.js";
export { sourceType } from "./resource-types/source.js";
export { spaceType } from "./resource-types/space.js";
export { MEMBER, TYPE } from "./resource-types/type-ids.js";
export { userType } from "./resource-types/user.js";
export { warehouseDisplayName, warehouseType } from "./resource-types/warehouse.js";
export { workspaceType } from "./resource-types/workspace.js";
export { CONNECTOR_VERSION } from "./version.js";
