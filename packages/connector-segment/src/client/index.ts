export { describeSegmentError, segmentRetryAfterFromBody } from "./error-description.js";
export { nextCursor, PAGE_SIZE, type Paged, pageQuery } from "./paging.js";
export { PermissionCache } from "./permission-cache.js";
export {
  type LabelInput,
  type PermissionInput,
  type PermissionResourceInput,
  toPermissionInput,
} from "./permission-input.js";
export { PublishedTargets } from "./published-targets.js";
export * from "./schemas/error-body.js";
export * from "./schemas/functions.js";
export * from "./schemas/group.js";
export * from "./schemas/invites.js";
export * from "./schemas/labels.js";
export * from "./schemas/pagination.js";
export * from "./schemas/permission.js";
export * from "./schemas/permissions-written.js";
export * from "./schemas/roles.js";
export * from "./schemas/sources.js";
export * from "./schemas/spaces.js";
export * from "./schemas/status.js";
export * from "./schemas/user.js";
export * from "./schemas/warehouses.js";
export * from "./schemas/workspace.js";
export {
  type CallOptions,
  createSegmentClient,
  type FeaturePaged,
  iamWritePacing,
  SEGMENT_BASE_URLS,
  SegmentClient,
  type SegmentClientOptions,
  type SegmentRegion,
} from "./segment-client.js";
