import { insufficientPermissions, notFound, validationError } from "./api-error.js";
import type { PrincipalScope, SimServiceUser, SimUser, StoredScopeRole } from "./model.js";
import type { RouteContext } from "./read-routes.js";

const SCOPES: readonly PrincipalScope[] = ["tenant", "account", "site"];

/**
 * Reads a `{"data":{"scope", "scopeRoles":[{id, roleId | roleName}]}}` update body with the API's rules:
 * `scope` required; `scopeRoles` replaces the whole set; `id` required below tenant scope and must name an
 * object of that level; each role must be usable there; one role per scope object (inferred from the
 * single `roleId` per entry). The caller may only write inside its own scope (403 4030010 otherwise).
 */
const readScopeUpdate = (
  ctx: RouteContext,
): { scope: PrincipalScope; scopeRoles?: StoredScopeRole[]; data: Record<string, unknown> } => {
  const body = ctx.body;
  if (typeof body !== "object" || body === null || typeof (body as { data?: unknown }).data !== "object") {
    throw validationError("data: Missing data for required field.");
  }
  const data = (body as { data: Record<string, unknown> }).data;
  const scope = data.scope;
  if (typeof scope !== "string" || !SCOPES.includes(scope as PrincipalScope)) {
    throw validationError("scope: Must be one of: tenant, account, site.");
  }
  const level = scope as PrincipalScope;
  const token = ctx.view.token;
  if ((token.scope === "site" && level !== "site") || (token.scope === "account" && level === "tenant")) {
    throw insufficientPermissions();
  }
  if (data.scopeRoles === undefined) return { scope: level, data };
  if (!Array.isArray(data.scopeRoles)) throw validationError("scopeRoles: Not a valid list.");
  const seen = new Set<string>();
  const scopeRoles = data.scopeRoles.map((raw: unknown, index: number): StoredScopeRole => {
    const entry = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const at = `scopeRoles: ${index}`;
    let roleId = typeof entry.roleId === "string" ? entry.roleId : undefined;
    if (roleId === undefined && typeof entry.roleName === "string") {
      // Deprecated input: a role name works only for predefined roles.
      roleId = ctx.state.roles.all().find((role) => role.predefinedRole && role.name === entry.roleName)?.id;
      if (roleId === undefined)
        throw validationError(`${at}: roleName: Only predefined roles may be given by name.`);
    }
    if (roleId === undefined) throw validationError(`${at}: roleId: Missing data for required field.`);
    if (level === "tenant") {
      if (!ctx.state.rolesApplicableAt("tenant").some((role) => role.id === roleId)) {
        throw validationError(`${at}: roleId: Role ${roleId} is not a tenant role.`);
      }
      if (seen.has(roleId)) throw validationError(`${at}: roleId: Duplicate role.`);
      seen.add(roleId);
      return { roleId };
    }
    const id = entry.id;
    if (typeof id !== "string") throw validationError(`${at}: id: Missing data for required field.`);
    const exists = level === "account" ? ctx.state.accounts.has(id) : ctx.state.sites.has(id);
    if (!exists) throw validationError(`${at}: id: No ${level} with id ${id}.`);
    if (level === "account" ? !ctx.view.accountId(id) : !ctx.view.siteId(id)) throw insufficientPermissions();
    if (seen.has(id)) throw validationError(`${at}: id: Only one role per ${level} is allowed.`);
    seen.add(id);
    if (!ctx.state.rolesApplicableAt(level, id).some((role) => role.id === roleId)) {
      throw validationError(`${at}: roleId: Role ${roleId} cannot be assigned at ${level} ${id}.`);
    }
    return { id, roleId };
  });
  return { scope: level, scopeRoles, data };
};

const applyScope = (
  principal: SimUser | SimServiceUser,
  update: ReturnType<typeof readScopeUpdate>,
): void => {
  if (update.scope !== principal.scope && update.scopeRoles === undefined) {
    throw validationError("scopeRoles: Required when the scope changes.");
  }
  principal.scope = update.scope;
  if (update.scopeRoles !== undefined) principal.scopeRoles = update.scopeRoles;
};

/** `PUT /users/{id}`: replaces scope and scopeRoles (and optional profile fields), returns the user. */
export const updateUser = (ctx: RouteContext) => {
  const user = ctx.state.users.get(ctx.id ?? "");
  if (user === undefined || !ctx.view.principal(user)) throw notFound("User not found");
  const update = readScopeUpdate(ctx);
  const next: SimUser = { ...user, scopeRoles: [...user.scopeRoles] };
  applyScope(next, update);
  if (typeof update.data.fullName === "string") next.fullName = update.data.fullName;
  if (typeof update.data.twoFaEnabled === "boolean") next.twoFaEnabled = update.data.twoFaEnabled;
  if (typeof update.data.canGenerateApiToken === "boolean")
    next.canGenerateApiToken = update.data.canGenerateApiToken;
  ctx.state.users.put(next);
  return { data: ctx.serializer.user(next) };
};

/** `PUT /service-users/{id}`: replaces scope, scopeRoles and description (the name is not updatable). */
export const updateServiceUser = (ctx: RouteContext) => {
  const serviceUser = ctx.state.serviceUsers.get(ctx.id ?? "");
  if (serviceUser === undefined || !ctx.view.principal(serviceUser)) throw notFound("Service user not found");
  const update = readScopeUpdate(ctx);
  const next: SimServiceUser = { ...serviceUser, scopeRoles: [...serviceUser.scopeRoles] };
  applyScope(next, update);
  if (typeof update.data.description === "string") next.description = update.data.description;
  next.updatedAt = new Date().toISOString();
  ctx.state.serviceUsers.put(next);
  return { data: ctx.serializer.serviceUser(next) };
};
