import { ContractError, userTraitOf } from "@baton-ts/connector-sdk";
import type { JsonObject, JsonValue, Resource } from "@baton-ts/protocol";
import type { ApiScopeRole, PrincipalScope } from "../client/schemas/scope-role.js";

/**
 * A principal's `scope` and `scopeRoles` travel in its user-trait profile, so that its grants are
 * computed from the stored resource without another API call (one paged list per principal kind).
 */
export const scopeRolesProfile = (scope: PrincipalScope, entries: readonly ApiScopeRole[]): JsonObject => ({
  scope,
  scopeRoles: entries.map((entry) => ({
    scopeId: entry.id ?? null,
    scopeName: entry.name ?? null,
    roleId: entry.roleId ?? null,
    roleName: entry.roleName ?? null,
  })),
});

export interface StoredScopeRoles {
  readonly scope: PrincipalScope;
  readonly entries: readonly ApiScopeRole[];
}

const text = (value: JsonValue | undefined): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** Reads back what `scopeRolesProfile` stored; a resource without it is a connector bug. */
export const readScopeRoles = (principal: Resource): StoredScopeRoles => {
  const profile = userTraitOf(principal)?.profile;
  const scope = profile?.scope;
  const list = profile?.scopeRoles;
  if ((scope !== "tenant" && scope !== "account" && scope !== "site") || !Array.isArray(list)) {
    throw new ContractError(
      `${principal.id?.resourceType}:${principal.id?.resource} has no scope/scopeRoles in its profile; re-run the sync with this connector version`,
    );
  }
  const entries = list.flatMap((item): ApiScopeRole[] => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return [];
    const entry = item as JsonObject;
    return [
      {
        id: text(entry.scopeId) ?? null,
        name: text(entry.scopeName) ?? null,
        roleId: text(entry.roleId) ?? null,
        roleName: text(entry.roleName) ?? null,
      },
    ];
  });
  return { scope, entries };
};
