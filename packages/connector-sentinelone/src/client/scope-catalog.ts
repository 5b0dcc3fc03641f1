import type { ApiAccount } from "./schemas/account.js";
import type { ApiRole } from "./schemas/role.js";
import type { ApiScopeRole, PrincipalScope } from "./schemas/scope-role.js";
import type { ApiSite } from "./schemas/site.js";

/** What the catalog is made of: the API's lists as read (and as kept in a sync's session). */
export interface ScopeCatalogParts {
  /** null when the token may not list accounts (site-scoped tokens). */
  readonly accounts: readonly ApiAccount[] | null;
  readonly sites: readonly ApiSite[];
  readonly roles: readonly ApiRole[];
}

/**
 * Accounts, sites and roles of the tenant (as far as the token sees them), read once per sync. Each
 * scope object's entitlements are the roles that can be held there:
 * - the tenant: tenant roles;
 * - an account: tenant roles and the account's own custom roles;
 * - a site: tenant roles, its account's roles and the site's own roles.
 * Group roles are listed as roles but never held: users have no group scope.
 */
export class ScopeCatalog {
  private readonly accountsById: ReadonlyMap<string, ApiAccount>;
  private readonly sitesById: ReadonlyMap<string, ApiSite>;
  private readonly rolesById: ReadonlyMap<string, ApiRole>;
  private readonly applicable = new Map<string, readonly ApiRole[]>();
  readonly accounts: readonly ApiAccount[] | null;
  readonly sites: readonly ApiSite[];
  readonly roles: readonly ApiRole[];

  constructor({ accounts, sites, roles }: ScopeCatalogParts) {
    this.accounts = accounts;
    this.sites = sites;
    this.accountsById = new Map((accounts ?? []).map((account) => [account.id, account]));
    this.sitesById = new Map(sites.map((site) => [site.id, site]));
    // The roles list with children can repeat a role; keep each id once (defect B3's fix).
    this.rolesById = new Map(roles.map((role) => [role.id, role]));
    this.roles = [...this.rolesById.values()];
  }

  account(id: string): ApiAccount | undefined {
    return this.accountsById.get(id);
  }

  site(id: string): ApiSite | undefined {
    return this.sitesById.get(id);
  }

  role(id: string): ApiRole | undefined {
    return this.rolesById.get(id);
  }

  /** Roles that can be held at a scope object, in a stable order (name, then id). */
  rolesAt(level: PrincipalScope, scopeId?: string): readonly ApiRole[] {
    const key = `${level}:${scopeId ?? ""}`;
    const cached = this.applicable.get(key);
    if (cached !== undefined) return cached;
    const accountId =
      level === "account" ? scopeId : level === "site" ? this.site(scopeId ?? "")?.accountId : undefined;
    const roles = this.roles
      .filter((role) => {
        const scope = role.scope ?? "tenant";
        if (scope === "tenant") return true;
        if (scope === "account") return level !== "tenant" && role.scopeId === accountId;
        if (scope === "site") return level === "site" && role.scopeId === scopeId;
        return false;
      })
      .sort((a, b) => a.name.localeCompare(b.name, "en") || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.applicable.set(key, roles);
    return roles;
  }

  /**
   * The role id of a scopeRoles entry. An entry without `roleId` is resolved by its deprecated
   * `roleName` among predefined roles only; it never falls back to the entry's `id`/`name`, which name
   * the scope object (defect B2).
   */
  roleIdOf(entry: ApiScopeRole): string | undefined {
    if (entry.roleId !== null && entry.roleId !== undefined && entry.roleId !== "") return entry.roleId;
    if (entry.roleName === null || entry.roleName === undefined) return undefined;
    return this.roles.find((role) => role.predefinedRole === true && role.name === entry.roleName)?.id;
  }
}
