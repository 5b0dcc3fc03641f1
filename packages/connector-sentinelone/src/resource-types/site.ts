import { onePage, type ResourceTypeDefinition, resource, resourceId } from "@baton-ts/connector-sdk";
import type { ApiSite } from "../client/schemas/site.js";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { scopeEntitlements } from "./scope-entitlements.js";
import { grantScopeRole, revokeScopeRole } from "./scope-role-provisioning.js";
import { describeState } from "./state-text.js";
import { TYPE } from "./type-ids.js";

/**
 * A site as a resource whose parent is its account (from the site's own `accountId`). The display name
 * carries the account because every account has a "Default site".
 */
export const siteResource = (site: ApiSite) =>
  resource({
    type: TYPE.site,
    id: site.id,
    displayName: site.accountName ? `${site.accountName} / ${site.name}` : site.name,
    description: describeState("Site", site.state, site.siteType, site.expiration),
    parent: resourceId(TYPE.account, site.accountId),
    ...(site.externalId ? { externalId: { id: site.externalId, description: "external id" } } : {}),
  });

/**
 * Sites: all of them from one paged `GET /sites` (not one call per account, not declared as a child
 * type: defect B1), each under its own account.
 */
export const siteResourceType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.site,
  displayName: "Site",
  description: "A SentinelOne site; its entitlements are the roles that can be held at the site",

  async list(client, _args, ctx) {
    const catalog = await client.catalog(ctx.signal);
    return onePage(catalog.sites.map(siteResource));
  },

  async entitlements(client, { resource: site }, ctx) {
    const catalog = await client.catalog(ctx.signal);
    return onePage(scopeEntitlements(site, "site", site.id?.resource, catalog));
  },

  grant: (client, args, ctx) => grantScopeRole(client, args, ctx),
  revoke: (client, args, ctx) => revokeScopeRole(client, args, ctx),
};
