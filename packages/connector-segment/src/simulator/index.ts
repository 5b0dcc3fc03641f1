// The Segment Public API simulator: `@baton-ts/connector-segment/simulator`.
export type { SimRequestError } from "./api-error.js";
export type {
  FunctionResourceType,
  SimFunction,
  SimGroup,
  SimInvite,
  SimLabel,
  SimLabelRef,
  SimPermission,
  SimPermissionResource,
  SimRole,
  SimSource,
  SimSpace,
  SimState,
  SimUser,
  SimWarehouse,
  SimWorkspace,
} from "./model.js";
export { FUNCTION_RESOURCE_TYPES } from "./model.js";
export type { LastPageNext } from "./pagination.js";
export { createRandom, type Random } from "./prng.js";
export { type PermissionTargetType, type RoleSpec, SEGMENT_ROLES } from "./role-catalog.js";
export { DEFAULT_SEED_SIZE, type SeedOptions, type SeedSize, seedWorkspace } from "./seed.js";
export {
  type RateLimit,
  type SegmentSimulator,
  type SegmentSimulatorOptions,
  type SimRequestLogEntry,
  startSegmentSimulator,
} from "./server.js";
