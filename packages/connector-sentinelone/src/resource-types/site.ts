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
export const siteFromApi = (site: ApiSite) =>
  resource({
    type: TYPE.site,
    id: site.id,
    displayName: site.accountName ? `${site.accountName} / ${site.name}` : site.name,
    description: describeState("Site", site.state, site.siteType, site.expiration),
    parent: resourceId(TYPE.account, site.accountId),
    externalId: site.externalId ? { id: site.externalId, description: "external id" } : undefined,
  });

/**
 * Sites: all of them from one paged `GET /sites` (not one call per account, not declared as a child
 * type: defect B1), each under its own account.
 */
export const siteType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.site,
  displayName: "Site",
  description: "A SentinelOne site; its entitlements are the roles that can be held at the site",
  async list(client, _args, { session }) {
    return onePage((await client.catalog(session)).sites.map(siteFromApi));
  },
  async entitlements(client, { resource: site }, { session }) {
    const catalog = await client.catalog(session);
    return onePage(scopeEntitlements(site, "site", site.id?.resource, catalog));
  },
  grant: grantScopeRole,
  revoke: revokeScopeRole,
};
