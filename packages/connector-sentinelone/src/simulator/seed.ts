import type { ObjectState, PrincipalScope, SimAccount, SimRole, SimSite, StoredScopeRole } from "./model.js";
import {
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  CUSTOM_ROLE_NAMES,
  FIRST_NAMES,
  LAST_NAMES,
  PLACES,
  PREDEFINED_ROLE_NAMES,
  SERVICE_PURPOSES,
  SITE_KINDS,
} from "./names.js";
import { createRng, type Rng } from "./prng.js";
import { SimState } from "./state.js";

export interface SeedOptions {
  /** Same seed and sizes (and `now`) → the same tenant, byte for byte. Default 1. */
  readonly seed?: number;
  readonly accounts?: number;
  readonly sites?: number;
  readonly users?: number;
  readonly serviceUsers?: number;
  /** Total roles: the six predefined ones first, then custom roles at tenant, account, site and group scope. */
  readonly roles?: number;
  /** Reference time for dates (token expiry, last logins). Default: the start of the current UTC day. */
  readonly now?: Date | number;
}

export const DEFAULT_SEED_SIZES = { accounts: 3, sites: 8, users: 60, serviceUsers: 8, roles: 12 } as const;

const DAY_MS = 86_400_000;

/** 19-digit decimal ids like SentinelOne's (which rejects ids below 10^17); the prefix names the kind. */
export const simId = (
  kind: "account" | "site" | "role" | "user" | "serviceUser" | "group",
  n: number,
): string => `${ID_PREFIX[kind]}${String(n).padStart(17, "0")}`;
const ID_PREFIX = {
  account: "11",
  site: "12",
  role: "13",
  user: "14",
  serviceUser: "15",
  group: "16",
} as const;

const startOfUtcDay = (ms: number): number => ms - (ms % DAY_MS);

const asciiSlug = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "")
    .toLowerCase();

/** Builds a deterministic tenant of the requested size. */
export const seedTenant = (options: SeedOptions = {}): SimState => {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const now = options.now === undefined ? startOfUtcDay(Date.now()) : Number(options.now);
  const iso = (msAgo: number): string => new Date(now - msAgo).toISOString();
  const daysAgo = (min: number, max: number): string => iso(rng.int(min * 24, max * 24) * 3_600_000);

  const count = { ...DEFAULT_SEED_SIZES, ...stripUndefined(options) };
  const creator = { id: simId("user", 0), name: "Tenant Owner" };

  // Accounts: a few expired or deleted ones, kept (the connector shows their state).
  const accounts: SimAccount[] = [];
  for (let i = 0; i < count.accounts; i++) {
    const state: ObjectState = i % 10 === 2 ? "expired" : i % 10 === 5 ? "deleted" : "active";
    const word = COMPANY_WORDS[i % COMPANY_WORDS.length] as string;
    const suffix = COMPANY_SUFFIXES[Math.floor(i / COMPANY_WORDS.length) % COMPANY_SUFFIXES.length] as string;
    const round = Math.floor(i / (COMPANY_WORDS.length * COMPANY_SUFFIXES.length));
    const created = daysAgo(400, 2000);
    accounts.push({
      id: simId("account", i + 1),
      name: `${word} ${suffix}${round > 0 ? ` ${round + 1}` : ""}`,
      accountType: rng.chance(0.85) ? "Paid" : "Trial",
      state,
      isDefault: i === 0,
      expiration: state === "expired" ? daysAgo(1, 90) : iso(-rng.int(30, 700) * DAY_MS),
      unlimitedExpiration: false,
      externalId: rng.chance(0.5) ? `SF-${100000 + i}` : null,
      usageType: i === 0 ? "mssp" : "customer",
      billingMode: rng.chance(0.8) ? "subscription" : "consumption",
      totalLicenses: rng.int(50, 5000),
      activeAgents: rng.int(0, 4000),
      createdAt: created,
      updatedAt: created,
      creator: creator.name,
      creatorId: creator.id,
    });
  }

  // Sites: dealt round-robin to accounts; each account's first site is its "Default site".
  const sites: SimSite[] = [];
  const sitesByAccount = new Map<string, SimSite[]>();
  for (let i = 0; i < count.sites && accounts.length > 0; i++) {
    const account = accounts[i % accounts.length] as SimAccount;
    const siblings = sitesByAccount.get(account.id) ?? [];
    const isDefault = siblings.length === 0;
    const state: ObjectState =
      account.state !== "active" ? account.state : i % 25 === 13 ? "expired" : "active";
    const created = daysAgo(30, 1500);
    const site: SimSite = {
      id: simId("site", i + 1),
      name: isDefault ? "Default site" : `${rng.pick(PLACES)} ${rng.pick(SITE_KINDS)} ${siblings.length}`,
      accountId: account.id,
      siteType: account.accountType,
      state,
      isDefault,
      description: rng.chance(0.4) ? `Endpoints of ${account.name}` : null,
      externalId: null,
      expiration: account.expiration,
      unlimitedExpiration: false,
      unlimitedLicenses: rng.chance(0.2),
      totalLicenses: rng.int(10, 800),
      activeLicenses: rng.int(0, 600),
      createdAt: created,
      updatedAt: created,
      creator: creator.name,
      creatorId: creator.id,
    };
    siblings.push(site);
    sitesByAccount.set(account.id, siblings);
    sites.push(site);
  }

  const roles = seedRoles(rng, count.roles, accounts, sites, creator, daysAgo);
  const state = new SimState({ accounts, sites, roles, users: [], serviceUsers: [] });

  // Applicable roles per scope object, memoised: predefined roles are the common choice.
  const applicable = new Map<string, SimRole[]>();
  const roleFor = (scope: PrincipalScope, scopeId?: string): SimRole => {
    const key = `${scope}:${scopeId ?? ""}`;
    let list = applicable.get(key);
    if (list === undefined) {
      list = state.rolesApplicableAt(scope, scopeId);
      applicable.set(key, list);
    }
    const predefined = list.filter((role) => role.predefinedRole);
    return rng.chance(0.7) && predefined.length > 0 ? rng.pick(predefined) : rng.pick(list);
  };
  const scopeRolesFor = (scope: PrincipalScope, most: number): StoredScopeRole[] => {
    if (scope === "tenant") return [{ roleId: roleFor("tenant").id }];
    const account = rng.pick(accounts);
    if (scope === "account") {
      return rng
        .sample(accounts, rng.int(1, most))
        .map((a) => ({ id: a.id, roleId: roleFor("account", a.id).id }));
    }
    const pool = sitesByAccount.get(account.id) ?? sites;
    return rng.sample(pool, rng.int(1, most)).map((s) => ({ id: s.id, roleId: roleFor("site", s.id).id }));
  };
  const pickScope = (tenantShare: number, accountShare: number): PrincipalScope => {
    const r = rng.next();
    if (r < tenantShare || accounts.length === 0) return "tenant";
    if (r < tenantShare + accountShare || sites.length === 0) return "account";
    return "site";
  };

  for (let i = 0; i < count.users; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const scope = pickScope(0.03, 0.17);
    const source = rng.chance(0.35) ? "sso_saml" : rng.chance(0.08) ? "active_directory" : "mgmt";
    const joined = daysAgo(10, 1800);
    const neverLoggedIn = rng.chance(0.08);
    const emailVerified = source !== "mgmt" || !neverLoggedIn || rng.chance(0.3);
    const twoFaEnabled = source === "mgmt" ? rng.chance(0.7) : false;
    const hasToken = rng.chance(0.25);
    const tokenCreated = rng.int(1, 200);
    const domain = `${asciiSlug(COMPANY_WORDS[i % COMPANY_WORDS.length] as string)}.example.com`;
    state.users.put({
      id: simId("user", i + 1),
      email: `${asciiSlug(first)}.${asciiSlug(last)}${i + 1}@${domain}`,
      fullName: `${first} ${last}`,
      scope,
      scopeRoles: scopeRolesFor(scope, 3),
      source,
      emailVerified,
      emailReadOnly: source !== "mgmt",
      fullNameReadOnly: source !== "mgmt",
      firstLogin: neverLoggedIn ? null : joined,
      lastLogin: neverLoggedIn ? null : daysAgo(0, 120),
      dateJoined: joined,
      twoFaEnabled,
      twoFaStatus: twoFaEnabled ? "configured" : rng.chance(0.1) ? "enrollment_expired" : "not_configured",
      primaryTwoFaMethod: twoFaEnabled ? (rng.chance(0.8) ? "totp" : "email") : null,
      apiToken: hasToken
        ? { createdAt: iso(tokenCreated * DAY_MS), expiresAt: iso((tokenCreated - 180) * DAY_MS) }
        : null,
      canGenerateApiToken: rng.chance(0.3),
      isSystem: false,
    });
  }

  for (let i = 0; i < count.serviceUsers; i++) {
    const purpose = rng.pick(SERVICE_PURPOSES);
    const scope = pickScope(0.05, 0.4);
    const createdDays = rng.int(1, 700);
    const lifetime = rng.pick([90, 365, 730]);
    const created = iso(createdDays * DAY_MS);
    state.serviceUsers.put({
      id: simId("serviceUser", i + 1),
      name: `svc-${purpose}-${i + 1}`,
      description: rng.chance(0.7) ? `Integration token for ${purpose.replace(/-/g, " ")}` : null,
      scope,
      scopeRoles: scopeRolesFor(scope, 2),
      createdAt: created,
      updatedAt: created,
      lastActivation: rng.chance(0.1) ? null : daysAgo(0, Math.min(createdDays, 60)),
      createdBy: creator,
      updatedBy: creator,
      apiToken: { createdAt: created, expiresAt: iso((createdDays - lifetime) * DAY_MS) },
    });
  }
  return state;
};

const seedRoles = (
  rng: Rng,
  total: number,
  accounts: readonly SimAccount[],
  sites: readonly SimSite[],
  creator: { id: string; name: string },
  daysAgo: (min: number, max: number) => string,
): SimRole[] => {
  const roles: SimRole[] = [];
  const created = daysAgo(1000, 2000);
  for (const name of PREDEFINED_ROLE_NAMES.slice(
    0,
    Math.max(1, Math.min(total, PREDEFINED_ROLE_NAMES.length)),
  )) {
    roles.push({
      id: simId("role", roles.length + 1),
      name,
      description: `Predefined ${name} role`,
      predefinedRole: true,
      scope: "Tenant",
      scopeId: null,
      createdAt: created,
      updatedAt: created,
      creator: "SentinelOne",
      creatorId: creator.id,
    });
  }
  const custom = Math.max(0, total - roles.length);
  const tenantCustom = Math.floor(custom * 0.25);
  const siteCustom = sites.length > 0 ? Math.floor(custom * 0.25) : 0;
  const groupCustom = sites.length > 0 && custom >= 8 ? 1 : 0;
  for (let i = 0; i < custom; i++) {
    const name = `${CUSTOM_ROLE_NAMES[i % CUSTOM_ROLE_NAMES.length]}${i >= CUSTOM_ROLE_NAMES.length ? ` ${Math.floor(i / CUSTOM_ROLE_NAMES.length) + 1}` : ""}`;
    const at = daysAgo(1, 900);
    const base = {
      name,
      predefinedRole: false,
      createdAt: at,
      updatedAt: at,
      creator: creator.name,
      creatorId: creator.id,
    };
    const id = simId("role", roles.length + 1);
    if (i < tenantCustom || accounts.length === 0) {
      roles.push({
        ...base,
        id,
        description: `${name} (tenant-wide custom role)`,
        scope: "Tenant",
        scopeId: null,
      });
    } else if (i < tenantCustom + siteCustom) {
      const site = rng.pick(sites);
      roles.push({ ...base, id, description: `${name} for one site`, scope: "Site", scopeId: site.id });
    } else if (i < tenantCustom + siteCustom + groupCustom) {
      const site = rng.pick(sites);
      roles.push({
        ...base,
        id,
        description: `${name} for one endpoint group`,
        scope: "Group",
        scopeId: simId("group", i + 1),
        groupSiteId: site.id,
      });
    } else {
      const account = accounts[i % accounts.length] as SimAccount;
      roles.push({
        ...base,
        id,
        description: `${name} for one account`,
        scope: "Account",
        scopeId: account.id,
      });
    }
  }
  return roles;
};

const stripUndefined = (options: SeedOptions): Partial<typeof DEFAULT_SEED_SIZES> => {
  const out: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_SEED_SIZES)) {
    const value = options[key as keyof typeof DEFAULT_SEED_SIZES];
    if (value !== undefined) {
      if (!Number.isInteger(value) || value < 0)
        throw new RangeError(`seed option ${key} must be a whole number ≥ 0`);
      out[key] = value;
    }
  }
  return out;
};
