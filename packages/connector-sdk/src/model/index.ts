// Typed builders for Baton's model: plain generated messages, Baton's id rules, and a
// ContractError naming the field when a connector passes something Baton would reject.
export { findAnnotation, hasAnnotation, packAnnotations } from "./annotations.js";
export {
  assignmentEntitlement,
  type EntitlementOptions,
  permissionEntitlement,
} from "./entitlement.js";
export { type EntitlementRef, parseEntitlementRef } from "./entitlement-ref.js";
export { type GrantOptions, grant } from "./grant.js";
export { entitlementId, grantId, type ResourceOrId, resourceId, resourceKey } from "./ids.js";
export {
  type AccountType,
  type AppFlagName,
  type AppTraitInput,
  appResource,
  groupResource,
  type ResourceInput,
  resource,
  roleResource,
  type UserStatus,
  type UserTraitInput,
  userResource,
} from "./resource.js";
export { type ResourceTypeInput, resourceType } from "./resource-type.js";
export {
  appTraitOf,
  groupTraitOf,
  roleTraitOf,
  TRAIT_NAMES,
  TRAIT_SCHEMAS,
  traitsOf,
  userTraitOf,
} from "./traits.js";
