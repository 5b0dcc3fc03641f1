import { onePage, type ResourceTypeDefinition, resource } from "@baton-ts/connector-sdk";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { scopeEntitlements } from "./scope-entitlements.js";
import { grantScopeRole, revokeScopeRole } from "./scope-role-provisioning.js";
import { TENANT_ID, TYPE } from "./type-ids.js";

export const tenantResource = () =>
  resource({
    type: TYPE.tenant,
    id: TENANT_ID,
    displayName: "SentinelOne tenant (Global)",
    description: "Global scope: every account and site",
  });

/**
 * The tenant ("Global" in the console) as one resource, so that tenant-scope principals and their roles
 * are shown (`tenant:tenant:<roleId>`) rather than dropped.
 */
export const tenantType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.tenant,
  displayName: "Tenant",
  description: "The SentinelOne tenant (Global scope): roles held here apply to every account and site",
  async list() {
    return onePage([tenantResource()]);
  },
  async entitlements(client, { resource: tenant }, { session }) {
    return onePage(scopeEntitlements(tenant, "tenant", undefined, await client.catalog(session)));
  },
  grant: grantScopeRole,
  revoke: revokeScopeRole,
};
