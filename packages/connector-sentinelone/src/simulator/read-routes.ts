import type { SimulatorRoute } from "@baton-ts/connector-sdk/testing";
import { insufficientPermissions, notFound } from "./api-error.js";
import type { SimRole, SimServiceUser, SimUser } from "./model.js";
import { type PageResult, type PagingRules, pageOf } from "./pagination.js";
import type { QueryReader } from "./query.js";
import type { Serializer } from "./serialize.js";
import type { SimState } from "./state.js";
import type { TokenView } from "./visibility.js";

export interface RouteContext {
  readonly state: SimState;
  readonly view: TokenView;
  readonly query: QueryReader;
  readonly serializer: Serializer;
  readonly paging: PagingRules;
  /** Path parameter (`{id}`), when the route has one. */
  readonly id?: string;
  /** The parsed JSON body, if any. */
  readonly body: unknown;
}

export type Route = SimulatorRoute<RouteContext, unknown>;

const listEnvelope = <T>(page: PageResult<T>, render: (item: T) => unknown) => ({
  data: page.items.map(render),
  pagination: { nextCursor: page.nextCursor, totalItems: page.totalItems },
});

const contains = (value: string | null | undefined, needles: readonly string[] | undefined): boolean =>
  needles === undefined ||
  needles.some((needle) => (value ?? "").toLowerCase().includes(needle.toLowerCase()));

const states = (query: QueryReader): Set<string> | undefined => {
  const list = query.list("states") ?? query.list("state");
  return list === undefined ? undefined : new Set(list);
};

export const listAccounts = (ctx: RouteContext) => {
  if (ctx.view.token.scope === "site") throw insufficientPermissions("Action is not allowed to site users");
  const ids = ctx.query.ids("ids") ?? ctx.query.ids("accountIds");
  const wanted = states(ctx.query);
  const name = ctx.query.string("name");
  const nameContains = ctx.query.list("name__contains");
  const text = ctx.query.list("query");
  const page = pageOf(ctx.state.accounts, "account", ctx.query, ctx.paging, (account) => {
    if (!ctx.view.account(account)) return false;
    if (ids !== undefined && !ids.has(account.id)) return false;
    if (wanted !== undefined && !wanted.has(account.state)) return false;
    if (name !== undefined && account.name !== name) return false;
    return contains(account.name, nameContains) && contains(account.name, text);
  });
  return listEnvelope(page, (account) => ctx.serializer.account(account));
};

/** `GET /sites` is the one list whose `data` is an object: `{allSites, sites}`. */
export const listSites = (ctx: RouteContext) => {
  const siteIds = ctx.query.ids("siteIds");
  const accountIds = ctx.query.ids("accountIds") ?? ctx.query.ids("accountId");
  const wanted = states(ctx.query);
  const name = ctx.query.string("name");
  const nameContains = ctx.query.list("name__contains");
  const text = ctx.query.list("query");
  const page = pageOf(ctx.state.sites, "site", ctx.query, ctx.paging, (site) => {
    if (!ctx.view.site(site)) return false;
    if (siteIds !== undefined && !siteIds.has(site.id)) return false;
    if (accountIds !== undefined && !accountIds.has(site.accountId)) return false;
    if (wanted !== undefined && !wanted.has(site.state)) return false;
    if (name !== undefined && site.name !== name) return false;
    return contains(site.name, nameContains) && contains(site.name, text);
  });
  let activeLicenses = 0;
  let totalLicenses = 0;
  for (const site of ctx.state.sites.all()) {
    if (!ctx.view.site(site)) continue;
    activeLicenses += site.activeLicenses;
    totalLicenses += site.totalLicenses;
  }
  return {
    data: {
      allSites: { activeLicenses, totalLicenses },
      sites: page.items.map((site) => ctx.serializer.site(site)),
    },
    pagination: { nextCursor: page.nextCursor, totalItems: page.totalItems },
  };
};

/** Filters shared by /users and /service-users (ids, roleIds, siteIds, accountIds). */
const principalMatcher = (ctx: RouteContext) => {
  const ids = ctx.query.ids("ids");
  const roleIds = ctx.query.ids("roleIds");
  const siteIds = ctx.query.ids("siteIds");
  const accountIds = ctx.query.ids("accountIds");
  return (principal: SimUser | SimServiceUser): boolean => {
    if (!ctx.view.principal(principal)) return false;
    if (ids !== undefined && !ids.has(principal.id)) return false;
    if (roleIds !== undefined && !principal.scopeRoles.some((entry) => roleIds.has(entry.roleId)))
      return false;
    if (siteIds !== undefined) {
      if (
        principal.scope !== "site" ||
        !principal.scopeRoles.some((e) => e.id !== undefined && siteIds.has(e.id))
      ) {
        return false;
      }
    }
    if (accountIds !== undefined) {
      const inAccount = principal.scopeRoles.some((entry) => {
        if (entry.id === undefined) return false;
        if (principal.scope === "account") return accountIds.has(entry.id);
        const site = ctx.state.sites.get(entry.id);
        return site !== undefined && accountIds.has(site.accountId);
      });
      if (!inAccount) return false;
    }
    return true;
  };
};

export const listUsers = (ctx: RouteContext) => {
  const base = principalMatcher(ctx);
  const email = ctx.query.string("email")?.toLowerCase();
  const emailContains = ctx.query.list("email__contains");
  const nameContains = ctx.query.list("fullName__contains");
  const sources = ctx.query.list("sources") ?? ctx.query.list("source");
  const text = ctx.query.list("query");
  const page = pageOf(ctx.state.users, "user", ctx.query, ctx.paging, (user) => {
    if (!base(user)) return false;
    if (email !== undefined && user.email.toLowerCase() !== email) return false;
    if (sources !== undefined && !sources.includes(user.source)) return false;
    if (text !== undefined && !contains(`${user.fullName} ${user.email}`, text)) return false;
    return contains(user.email, emailContains) && contains(user.fullName, nameContains);
  });
  return listEnvelope(page, (user) => ctx.serializer.user(user));
};

export const getUser = (ctx: RouteContext) => {
  const user = ctx.state.users.get(ctx.id ?? "");
  if (user === undefined || !ctx.view.principal(user)) throw notFound("User not found");
  return { data: { ...ctx.serializer.user(user), account: null, pages: [] } };
};

export const listServiceUsers = (ctx: RouteContext) => {
  const base = principalMatcher(ctx);
  const text = ctx.query.list("query");
  const page = pageOf(ctx.state.serviceUsers, "service_user", ctx.query, ctx.paging, (serviceUser) => {
    if (!base(serviceUser)) return false;
    return text === undefined || contains(`${serviceUser.name} ${serviceUser.description ?? ""}`, text);
  });
  return listEnvelope(page, (serviceUser) => ctx.serializer.serviceUser(serviceUser));
};

export const getServiceUser = (ctx: RouteContext) => {
  const serviceUser = ctx.state.serviceUsers.get(ctx.id ?? "");
  if (serviceUser === undefined || !ctx.view.principal(serviceUser)) throw notFound("Service user not found");
  return { data: { ...ctx.serializer.serviceUser(serviceUser), account: null } };
};

/**
 * `GET /rbac/roles`: without a scope filter, the caller's own level (tenant → tenant roles); parents
 * (`includeParents`, default true) add the roles of enclosing scopes, children (`includeChildren`, default
 * false) those of nested scopes. So a Global token needs `includeChildren=true` to see custom account and
 * site roles — the trap of defect B3.
 */
export const listRoles = (ctx: RouteContext) => {
  const { state, view, query } = ctx;
  const includeChildren = query.bool("includeChildren") ?? false;
  const includeParents = query.bool("includeParents") ?? true;
  const predefined = query.bool("predefinedRole");
  const ids = query.ids("ids");
  const name = query.string("name");
  const text = query.list("query");
  let accountIds = query.ids("accountIds");
  let siteIds = query.ids("siteIds");
  let tenant = query.bool("tenant") ?? false;
  if (accountIds === undefined && siteIds === undefined && !tenant) {
    if (view.token.scope === "tenant") tenant = true;
    else if (view.token.scope === "account") accountIds = new Set(view.token.accountIds);
    else siteIds = new Set(view.token.siteIds);
  }
  const accountOf = (siteId: string | null | undefined) => state.sites.get(siteId ?? "")?.accountId;
  const siteAccounts = new Set(
    [...(siteIds ?? [])].map((id) => accountOf(id)).filter((id) => id !== undefined),
  );
  const inScope = (role: SimRole): boolean => {
    const scopeId = role.scopeId ?? "";
    switch (role.scope) {
      case "Tenant":
        return tenant || (includeParents && (accountIds !== undefined || siteIds !== undefined));
      case "Account":
        return (
          accountIds?.has(scopeId) === true ||
          (tenant && includeChildren) ||
          (includeParents && siteAccounts.has(scopeId))
        );
      case "Site":
        return (
          siteIds?.has(scopeId) === true ||
          (includeChildren && (tenant || accountIds?.has(accountOf(scopeId) ?? "") === true))
        );
      case "Group":
        return (
          includeChildren &&
          (tenant ||
            siteIds?.has(role.groupSiteId ?? "") === true ||
            accountIds?.has(accountOf(role.groupSiteId) ?? "") === true)
        );
    }
  };
  const page = pageOf(state.roles, "role", query, ctx.paging, (role) => {
    if (!view.role(role) || !inScope(role)) return false;
    if (ids !== undefined && !ids.has(role.id)) return false;
    if (predefined !== undefined && role.predefinedRole !== predefined) return false;
    if (name !== undefined && role.name !== name) return false;
    return contains(`${role.name} ${role.description}`, text);
  });
  const usage = ctx.serializer.roleUsage();
  return listEnvelope(page, (role) => ctx.serializer.role(role, usage.get(role.id) ?? 0));
};
