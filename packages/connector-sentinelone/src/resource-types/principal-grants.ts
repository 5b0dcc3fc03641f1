import { type CallContext, grant, onePage, type Page } from "@baton-ts/connector-sdk";
import type { Grant, Resource } from "@baton-ts/protocol";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { readScopeRoles } from "./principal-profile.js";
import { scopeRef } from "./scope-ref.js";

/**
 * A principal's grants, one per `scopeRoles` entry: role `roleId` at the entry's account or site, or at
 * the tenant for tenant-scope principals (never dropped). Each grant keeps its scope object (defect B4).
 * An entry naming a role or scope object the sync did not list (outside a narrow token's view, or a role
 * without id) is left out, counted and reported once, so that no grant points at a missing entitlement.
 */
export const principalGrants = async (
  client: SentinelOneClient,
  principal: Resource,
  ctx: CallContext,
): Promise<Page<Grant>> => {
  const { scope, entries } = readScopeRoles(principal);
  const catalog = await client.catalog(ctx.signal);
  const grants = new Map<string, Grant>();
  for (const entry of entries) {
    const roleId = catalog.roleIdOf(entry);
    const scopeId = scope === "tenant" ? undefined : (entry.id ?? undefined);
    if (roleId === undefined || !catalog.canHold(scope, scopeId, roleId)) {
      client.noteUnlistedGrant(ctx.logger, {
        principal: `${principal.id?.resourceType}:${principal.id?.resource}`,
        scope,
        scopeId: scopeId ?? null,
        roleId: roleId ?? null,
      });
      continue;
    }
    // The principal as a bare id, like Baton's NewGrant: the store holds the full resource.
    const built = grant(scopeRef(scope, scopeId), roleId, principal.id ?? principal);
    grants.set(built.id, built);
  }
  return onePage([...grants.values()]);
};
