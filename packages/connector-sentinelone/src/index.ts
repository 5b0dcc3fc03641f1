// @baton-ts/connector-sentinelone: the SentinelOne connector definition, its config and typed API client.
// The API simulator is a separate entry: @baton-ts/connector-sentinelone/simulator.
export * from "./client/index.js";
export { type SentinelOneConfig, sentineloneConfig } from "./config.js";
export { sentineloneConnector } from "./connector.js";
export { accountResourceType } from "./resource-types/account.js";
export { principalGrants } from "./resource-types/principal-grants.js";
export { roleResourceType } from "./resource-types/role.js";
export { parseScopeEntitlement, type ScopeRoleTarget } from "./resource-types/scope-role-provisioning.js";
export { serviceUserResourceType } from "./resource-types/service-user.js";
export { siteResourceType } from "./resource-types/site.js";
export { tenantResourceType } from "./resource-types/tenant.js";
export { TENANT_ID, TYPE } from "./resource-types/type-ids.js";
export { userResourceType } from "./resource-types/user.js";
export { CONNECTOR_VERSION } from "./version.js";
