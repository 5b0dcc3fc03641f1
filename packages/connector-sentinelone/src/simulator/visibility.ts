import type { SimAccount, SimRole, SimServiceUser, SimSite, SimUser, TokenScope } from "./model.js";
import type { SimState } from "./state.js";

/**
 * What one token sees: a Global (tenant) token sees everything, an account token its accounts and their
 * sites, a site token only its sites (and gets 403 on /accounts). Principals are visible when one of
 * their scopeRoles entries lies inside the token's scope.
 */
export class TokenView {
  /** null = every account / site. */
  readonly accountIds: ReadonlySet<string> | null;
  readonly siteIds: ReadonlySet<string> | null;

  constructor(
    readonly token: TokenScope,
    private readonly state: SimState,
  ) {
    if (token.scope === "tenant") {
      this.accountIds = null;
      this.siteIds = null;
    } else if (token.scope === "account") {
      this.accountIds = new Set(token.accountIds);
      const accounts = this.accountIds;
      this.siteIds = new Set(
        state.sites
          .all()
          .filter((site) => accounts.has(site.accountId))
          .map((site) => site.id),
      );
    } else {
      this.siteIds = new Set(token.siteIds);
      // Site users do not list accounts, but the accounts of their sites frame their roles.
      this.accountIds = new Set();
    }
  }

  account(account: SimAccount): boolean {
    return this.accountIds === null || this.accountIds.has(account.id);
  }

  site(site: SimSite): boolean {
    return this.siteIds === null || this.siteIds.has(site.id);
  }

  siteId(id: string): boolean {
    return this.siteIds === null || this.siteIds.has(id);
  }

  accountId(id: string): boolean {
    return this.accountIds === null || this.accountIds.has(id);
  }

  principal(principal: SimUser | SimServiceUser): boolean {
    if (this.token.scope === "tenant") return true;
    if (principal.scope === "tenant") return false;
    if (principal.scope === "account") {
      return principal.scopeRoles.some((entry) => entry.id !== undefined && this.accountId(entry.id));
    }
    return principal.scopeRoles.some((entry) => entry.id !== undefined && this.siteId(entry.id));
  }

  /** Accounts whose roles frame this token's sites (for a site token). */
  private parentAccounts(): Set<string> {
    const out = new Set<string>();
    for (const id of this.siteIds ?? []) {
      const site = this.state.sites.get(id);
      if (site !== undefined) out.add(site.accountId);
    }
    return out;
  }

  role(role: SimRole): boolean {
    if (this.token.scope === "tenant" || role.scope === "Tenant") return true;
    if (role.scope === "Account") {
      return this.accountId(role.scopeId ?? "") || this.parentAccounts().has(role.scopeId ?? "");
    }
    if (role.scope === "Site") return this.siteId(role.scopeId ?? "");
    return this.siteId(role.groupSiteId ?? "");
  }
}
