import { IdCollection as Collection } from "@baton-ts/connector-sdk/testing";
import type { SimAccount, SimRole, SimServiceUser, SimSite, SimUser } from "./model.js";

/** The whole simulated tenant. Tests read and change it in-process. */
export class SimState {
  readonly accounts: Collection<SimAccount>;
  readonly sites: Collection<SimSite>;
  readonly roles: Collection<SimRole>;
  readonly users: Collection<SimUser>;
  readonly serviceUsers: Collection<SimServiceUser>;

  constructor(data: {
    accounts: readonly SimAccount[];
    sites: readonly SimSite[];
    roles: readonly SimRole[];
    users: readonly SimUser[];
    serviceUsers: readonly SimServiceUser[];
  }) {
    this.accounts = new Collection(data.accounts);
    this.sites = new Collection(data.sites);
    this.roles = new Collection(data.roles);
    this.users = new Collection(data.users);
    this.serviceUsers = new Collection(data.serviceUsers);
  }

  /** Roles that can be held at a scope object: tenant roles, plus the account's, plus the site's. */
  rolesApplicableAt(scope: "tenant" | "account" | "site", scopeId?: string): SimRole[] {
    const site = scope === "site" && scopeId !== undefined ? this.sites.get(scopeId) : undefined;
    const accountId = scope === "account" ? scopeId : site?.accountId;
    return this.roles.all().filter((role) => {
      if (role.scope === "Tenant") return true;
      if (role.scope === "Account") return scope !== "tenant" && role.scopeId === accountId;
      if (role.scope === "Site") return scope === "site" && role.scopeId === scopeId;
      return false; // group roles: users have no group scope
    });
  }
}
