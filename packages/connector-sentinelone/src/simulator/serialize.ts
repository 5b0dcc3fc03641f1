import type { SimAccount, SimRole, SimServiceUser, SimSite, SimUser, StoredScopeRole } from "./model.js";
import type { SimState } from "./state.js";

/** Shapes of `scopeRoles` entries no public source pins down; switchable to test a client against each. */
export interface ScopeRoleShape {
  /** What a tenant-scope principal's entries carry besides the role: nothing, or a Global pseudo scope. */
  tenantEntries: "role-only" | "global-scope";
  /** Send predefined roles by name only (deprecated `roleName`, no `roleId`), as legacy consoles may. */
  predefinedByNameOnly: boolean;
}

/** Renders stored objects as the API does: scopeRoles with names, sites with their account's name, etc. */
export class Serializer {
  constructor(
    private readonly state: SimState,
    private readonly shape: ScopeRoleShape = { tenantEntries: "role-only", predefinedByNameOnly: false },
  ) {}

  scopeRole(entry: StoredScopeRole): Record<string, unknown> {
    const role = this.state.roles.get(entry.roleId);
    const roleName = role?.name ?? null;
    const out: Record<string, unknown> = {};
    if (entry.id !== undefined) {
      const account = this.state.accounts.get(entry.id);
      const site = account === undefined ? this.state.sites.get(entry.id) : undefined;
      const owner = site === undefined ? account : this.state.accounts.get(site.accountId);
      out.id = entry.id;
      out.name = account?.name ?? site?.name ?? null;
      out.accountName = owner?.name ?? null;
    } else if (this.shape.tenantEntries === "global-scope") {
      out.id = "0";
      out.name = "Global";
      out.accountName = null;
    }
    if (!(this.shape.predefinedByNameOnly && role?.predefinedRole === true)) out.roleId = entry.roleId;
    out.roleName = roleName;
    out.roles = roleName === null ? [] : [roleName];
    return out;
  }

  user(user: SimUser): Record<string, unknown> {
    return {
      ...user,
      scopeRoles: user.scopeRoles.map((entry) => this.scopeRole(entry)),
      lowestRole: this.lowestRole(user.scopeRoles),
      agreedEula: user.firstLogin !== null,
      twoFaEnabledReadOnly: false,
      twoFaConfigured: user.twoFaStatus === "configured",
      groupsReadOnly: false,
      allowRemoteShell: false,
    };
  }

  serviceUser(serviceUser: SimServiceUser): Record<string, unknown> {
    return { ...serviceUser, scopeRoles: serviceUser.scopeRoles.map((entry) => this.scopeRole(entry)) };
  }

  account(account: SimAccount): Record<string, unknown> {
    let numberOfSites = 0;
    for (const site of this.state.sites.all()) if (site.accountId === account.id) numberOfSites++;
    return { ...account, numberOfSites, licenses: { bundles: [], modules: [], settings: [] }, skus: [] };
  }

  site(site: SimSite): Record<string, unknown> {
    return {
      ...site,
      accountName: this.state.accounts.get(site.accountId)?.name ?? null,
      usageType: "customer",
      inheritAccountExpiration: true,
      sku: "Complete",
      suite: "Complete",
      licenses: { bundles: [], modules: [], settings: [] },
    };
  }

  role(role: SimRole, usersInRoles: number): Record<string, unknown> {
    const { groupSiteId: _groupSite, ...rest } = role;
    const site = role.scope === "Site" ? this.state.sites.get(role.scopeId ?? "") : undefined;
    const accountId = role.scope === "Account" ? role.scopeId : site?.accountId;
    return {
      ...rest,
      accountName:
        accountId === undefined || accountId === null
          ? null
          : (this.state.accounts.get(accountId)?.name ?? null),
      siteName: site?.name ?? null,
      usersInRoles,
      updatedBy: role.creator,
      updatedById: role.creatorId,
    };
  }

  /** Deprecated field the API still sends: "Admin" when admin everywhere the user has a role. */
  private lowestRole(entries: readonly StoredScopeRole[]): string | null {
    const names = entries.map((entry) => this.state.roles.get(entry.roleId)?.name);
    if (names.length === 0) return null;
    return names.every((name) => name === "Admin") ? "Admin" : (names.find((n) => n !== "Admin") ?? null);
  }

  /** How many principal entries use each role (the role list's `usersInRoles`). */
  roleUsage(): Map<string, number> {
    const usage = new Map<string, number>();
    for (const principal of [...this.state.users.all(), ...this.state.serviceUsers.all()]) {
      for (const entry of principal.scopeRoles) usage.set(entry.roleId, (usage.get(entry.roleId) ?? 0) + 1);
    }
    return usage;
  }
}
