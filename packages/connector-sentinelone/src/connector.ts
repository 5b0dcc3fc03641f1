import { defineConnector } from "@baton-ts/connector-sdk";
import { createSentinelOneClient } from "./client/sentinelone-client.js";
import { sentineloneConfig } from "./config.js";
import { accountType } from "./resource-types/account.js";
import { roleType } from "./resource-types/role.js";
import { serviceUserType } from "./resource-types/service-user.js";
import { siteType } from "./resource-types/site.js";
import { tenantType } from "./resource-types/tenant.js";
import { userType } from "./resource-types/user.js";
import { CONNECTOR_VERSION } from "./version.js";

/**
 * SentinelOne: accounts, sites, console users, service users and RBAC roles; grants are roles held at
 * the tenant, an account or a site, read from each principal's scopeRoles and provisioned by rewriting
 * them. The program is `baton-sentinel-one`.
 */
export const sentineloneConnector = defineConnector({
  id: "sentinel-one",
  version: CONNECTOR_VERSION,
  metadata: {
    displayName: "SentinelOne",
    description:
      "Syncs SentinelOne accounts, sites, console users, service users and RBAC roles, with role-at-tenant, role-at-account and role-at-site grants; grants and revokes those roles",
    helpUrl: "https://github.com/baton-ts/baton-ts/blob/main/docs/connectors/sentinelone.md",
  },
  config: sentineloneConfig,
  connect: (config, ctx) =>
    createSentinelOneClient({
      apiToken: config.apiToken,
      managementConsoleUrl: config.managementConsoleUrl,
      logger: ctx.logger,
      userAgent: ctx.userAgent,
      debug: ctx.httpDebug,
    }),
  validate: (client) => client.checkAccess(),
  resourceTypes: [tenantType, accountType, siteType, userType, serviceUserType, roleType],
  // A principal's scopeRoles may name accounts, sites or roles outside the token's view: such grants
  // are left out (the summary counts them) instead of failing the sync.
  unlistedEntitlementGrants: "drop",
});
