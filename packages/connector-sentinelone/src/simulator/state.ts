import type { SimAccount, SimRole, SimServiceUser, SimSite, SimUser } from "./model.js";

/**
 * One kind of stored object, kept in id order. Ids are equal-length decimal strings, so string order is
 * numeric order and keyset cursors ("after id X") stay stable while tests add or remove objects.
 */
export class Collection<T extends { id: string }> {
  private readonly byId = new Map<string, T>();
  private ordered: T[] | undefined = [];

  constructor(items: readonly T[] = []) {
    for (const item of items) this.byId.set(item.id, item);
    this.ordered = undefined;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or replaces an object. */
  put(item: T): void {
    this.byId.set(item.id, item);
    this.ordered = undefined;
  }

  delete(id: string): boolean {
    const removed = this.byId.delete(id);
    if (removed) this.ordered = undefined;
    return removed;
  }

  /** All objects in id order (cached until the next change). */
  all(): readonly T[] {
    if (this.ordered === undefined) {
      this.ordered = [...this.byId.values()].sort((a, b) => compareIds(a.id, b.id));
    }
    return this.ordered;
  }

  /** Index of the first object whose id is greater than `id` (binary search). */
  indexAfter(id: string): number {
    const items = this.all();
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareIds((items[mid] as T).id, id) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** Numeric order of decimal id strings without BigInt allocations: shorter is smaller. */
export const compareIds = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;

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
