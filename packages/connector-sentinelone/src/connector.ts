import { defineConnector } from "@baton-ts/connector-sdk";
import { createSentinelOneClient } from "./client/create-client.js";
import { sentineloneConfig } from "./config.js";
import { accountResourceType } from "./resource-types/account.js";
import { roleResourceType } from "./resource-types/role.js";
import { serviceUserResourceType } from "./resource-types/service-user.js";
import { siteResourceType } from "./resource-types/site.js";
import { tenantResourceType } from "./resource-types/tenant.js";
import { userResourceType } from "./resource-types/user.js";
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
    createSentinelOneClient(
      {
        apiToken: config.apiToken,
        managementConsoleUrl: config.managementConsoleUrl,
        debug: ctx.httpDebug === true,
      },
      ctx,
    ),
  validate: (client, ctx) => client.checkAccess(ctx.signal),
  resourceTypes: [
    tenantResourceType,
    accountResourceType,
    siteResourceType,
    userResourceType,
    serviceUserResourceType,
    roleResourceType,
  ],
});
