import { type CallContext, grant, onePage, type Page } from "@baton-ts/connector-sdk";
import type { Grant, Resource } from "@baton-ts/protocol";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { readScopeRoles } from "./principal-profile.js";
import { scopeRef } from "./scope-ref.js";

/**
 * A principal's grants, one per `scopeRoles` entry: role `roleId` at the entry's account or site, or at
 * the tenant for tenant-scope principals (never dropped). Each grant keeps its scope object (defect B4).
 * A grant on a role or scope object the sync did not list (outside a narrow token's view) is left out
 * and counted by the engine (`unlistedEntitlementGrants`). An entry that names no role (no roleId, and
 * a role name no predefined role has) or no scope object cannot be a grant: it is left out with a
 * warning naming the principal.
 */
export const principalGrants = async (
  client: SentinelOneClient,
  principal: Resource,
  { logger, session }: CallContext,
): Promise<Page<Grant>> => {
  const { scope, entries } = readScopeRoles(principal);
  // The catalog resolves legacy entries (a role name instead of an id); most principals have none.
  const catalog = entries.some((entry) => !entry.roleId) ? await client.catalog(session) : undefined;
  const grants = new Map<string, Grant>();
  let unnamed = 0;
  for (const entry of entries) {
    const roleId = entry.roleId || catalog?.roleIdOf(entry);
    const scopeId = scope === "tenant" ? undefined : entry.id || undefined;
    if (!roleId || (scope !== "tenant" && scopeId === undefined)) {
      unnamed += 1;
      continue;
    }
    const built = grant(scopeRef(scope, scopeId), roleId, principal.id ?? principal);
    grants.set(built.id, built);
  }
  if (unnamed > 0) {
    logger.warn("scopeRoles entries that name no role or no scope object are left out", {
      principal: `${principal.id?.resourceType}:${principal.id?.resource}`,
      entries: unnamed,
    });
  }
  return onePage([...grants.values()]);
};
