import { onePage, type ResourceTypeDefinition, resource } from "@baton-ts/connector-sdk";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { scopeEntitlements } from "./scope-entitlements.js";
import { grantScopeRole, revokeScopeRole } from "./scope-role-provisioning.js";
import { TENANT_ID, TYPE } from "./type-ids.js";

/**
 * The tenant ("Global" in the console) as one resource, so that tenant-scope principals and their roles
 * are shown (`tenant:tenant:<roleId>`) rather than dropped.
 */
export const tenantResourceType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.tenant,
  displayName: "Tenant",
  description: "The SentinelOne tenant (Global scope): roles held here apply to every account and site",

  async list() {
    return onePage([
      resource({
        type: TYPE.tenant,
        id: TENANT_ID,
        displayName: "SentinelOne tenant (Global)",
        description: "Global scope: every account and site",
      }),
    ]);
  },

  async entitlements(client, { resource: tenant }, ctx) {
    const catalog = await client.catalog(ctx.signal);
    return onePage(scopeEntitlements(tenant, "tenant", undefined, catalog));
  },

  grant: (client, args, ctx) => grantScopeRole(client, args, ctx),
  revoke: (client, args, ctx) => revokeScopeRole(client, args, ctx),
};
