import { onePage, type ResourceTypeDefinition, resource } from "@baton-ts/connector-sdk";
import type { ApiAccount } from "../client/schemas/account.js";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { scopeEntitlements } from "./scope-entitlements.js";
import { grantScopeRole, revokeScopeRole } from "./scope-role-provisioning.js";
import { describeState } from "./state-text.js";
import { TYPE } from "./type-ids.js";

/** An account as a resource; expired and deleted accounts are kept, their state in the description. */
export const accountFromApi = (account: ApiAccount) =>
  resource({
    type: TYPE.account,
    id: account.id,
    displayName: account.name,
    description: describeState("Account", account.state, account.accountType, account.expiration),
    externalId: account.externalId ? { id: account.externalId, description: "external id" } : undefined,
  });

/**
 * Accounts, listed from the scope catalog (one paged `GET /accounts`). A site-scoped token gets 403
 * there: the catalog then has no accounts and this type lists none (defect B7), the sync goes on.
 */
export const accountType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.account,
  displayName: "Account",
  description: "A SentinelOne account; its entitlements are the roles that can be held at the account",
  async list(client, _args, { session }) {
    return onePage(((await client.catalog(session)).accounts ?? []).map(accountFromApi));
  },
  async entitlements(client, { resource: account }, { session }) {
    const catalog = await client.catalog(session);
    return onePage(scopeEntitlements(account, "account", account.id?.resource, catalog));
  },
  grant: grantScopeRole,
  revoke: revokeScopeRole,
};
