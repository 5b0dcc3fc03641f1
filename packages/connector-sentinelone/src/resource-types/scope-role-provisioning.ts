import {
  type CallContext,
  ConnectorError,
  type GrantArgs,
  type GrantOutcome,
  grant,
  isConnectorError,
  type RevokeArgs,
  type RevokeOutcome,
} from "@baton-ts/connector-sdk";
import type { Entitlement, Resource } from "@baton-ts/protocol";
import type { ApiScopeRole, PrincipalScope } from "../client/schemas/scope-role.js";
import type {
  ApiPrincipal,
  PrincipalKind,
  ScopeRoleInput,
  SentinelOneClient,
} from "../client/sentinelone-client.js";
import { scopeRef } from "./scope-ref.js";
import { TENANT_ID, TYPE } from "./type-ids.js";

/** What an entitlement `<account|site|tenant>:<scopeId>:<roleId>` asks for. */
export interface ScopeRoleTarget {
  readonly level: PrincipalScope;
  /** Account or site id; undefined at tenant level. */
  readonly scopeId: string | undefined;
  readonly roleId: string;
  /** For messages: `Admin at Acme / Default site`. */
  readonly label: string;
}

const LEVEL_OF_TYPE: Readonly<Record<string, PrincipalScope>> = {
  [TYPE.tenant]: "tenant",
  [TYPE.account]: "account",
  [TYPE.site]: "site",
};

export const parseScopeEntitlement = (entitlement: Entitlement): ScopeRoleTarget => {
  const type = entitlement.resource?.id?.resourceType ?? "";
  const resourceId = entitlement.resource?.id?.resource ?? "";
  const level = LEVEL_OF_TYPE[type];
  const prefix = `${type}:${resourceId}:`;
  const roleId =
    entitlement.slug || (entitlement.id.startsWith(prefix) ? entitlement.id.slice(prefix.length) : "");
  if (
    level === undefined ||
    resourceId === "" ||
    roleId === "" ||
    (level === "tenant" && resourceId !== TENANT_ID)
  ) {
    throw new ConnectorError(
      "invalid-argument",
      `${entitlement.id} is not a SentinelOne role entitlement (expected account:<accountId>:<roleId>, site:<siteId>:<roleId> or tenant:tenant:<roleId>)`,
    );
  }
  return {
    level,
    scopeId: level === "tenant" ? undefined : resourceId,
    roleId,
    label: entitlement.displayName || entitlement.id,
  };
};

const principalKindOf = (principal: Resource): PrincipalKind => {
  const type = principal.id?.resourceType;
  if (type === TYPE.user) return "user";
  if (type === TYPE.serviceUser) return "service_user";
  throw new ConnectorError(
    "invalid-argument",
    `SentinelOne roles can be granted to users and service users only, not to a ${type ?? "resource without type"}`,
  );
};

/** The entries as they must be written back: `{id, roleId}` (roleId resolved for legacy entries). */
const writableEntries = async (
  client: SentinelOneClient,
  current: ApiPrincipal,
  ctx: CallContext,
): Promise<ScopeRoleInput[]> => {
  const needsCatalog = current.scopeRoles.some((entry) => !entry.roleId);
  const catalog = needsCatalog ? await client.catalog(ctx.signal) : undefined;
  return current.scopeRoles.map((entry: ApiScopeRole, index) => {
    const roleId = entry.roleId || catalog?.roleIdOf(entry);
    if (!roleId) {
      throw new ConnectorError(
        "failed-precondition",
        `scopeRoles[${index}] of ${current.id} has no roleId and its role name ${JSON.stringify(entry.roleName ?? null)} matches no predefined role, so the list cannot be written back safely; fix the principal in the SentinelOne console. Nothing was changed`,
      );
    }
    return current.scope === "tenant" || !entry.id ? { roleId } : { id: entry.id, roleId };
  });
};

const sameScope = (entry: ScopeRoleInput, target: ScopeRoleTarget): boolean =>
  target.level === "tenant" || entry.id === target.scopeId;

const who = (kind: PrincipalKind, current: ApiPrincipal): string =>
  `${kind === "user" ? "user" : "service user"} ${"email" in current && current.email ? current.email : "name" in current ? current.name : current.id} (${current.id})`;

/**
 * Grants role-at-scope by reading the principal and writing its whole `scopeRoles` back with exactly one
 * entry added (the API replaces the set; defect B10). Refused, with nothing written: a principal of
 * another scope level (SentinelOne keeps one level per principal; switching levels would drop its other
 * roles), or one that already holds a different role at that account or site (one role per scope object).
 */
export const grantScopeRole = async (
  client: SentinelOneClient,
  args: GrantArgs,
  ctx: CallContext,
): Promise<GrantOutcome> => {
  const target = parseScopeEntitlement(args.entitlement);
  const kind = principalKindOf(args.principal);
  const principalId = args.principal.id?.resource ?? "";
  const current = await client.getPrincipal(kind, principalId, ctx.signal);
  if (current.scope !== target.level) {
    throw new ConnectorError(
      "failed-precondition",
      `cannot grant ${target.label} to ${who(kind, current)}: it is a ${current.scope}-scope principal and SentinelOne gives each principal one scope level; a ${target.level} role would mean moving it to ${target.level} scope and dropping its ${current.scope} roles. Nothing was changed`,
    );
  }
  const entries = await writableEntries(client, current, ctx);
  if (entries.some((entry) => sameScope(entry, target) && entry.roleId === target.roleId)) {
    return { kind: "already-exists" };
  }
  const clash = target.level === "tenant" ? undefined : entries.find((entry) => sameScope(entry, target));
  if (clash !== undefined) {
    throw new ConnectorError(
      "failed-precondition",
      `cannot grant ${target.label} to ${who(kind, current)}: it already holds role ${clash.roleId} at this ${target.level}, and SentinelOne keeps one role per ${target.level}; revoke that grant first. Nothing was changed`,
    );
  }
  const next: ScopeRoleInput[] = [
    ...entries,
    target.scopeId === undefined ? { roleId: target.roleId } : { id: target.scopeId, roleId: target.roleId },
  ];
  await client.putScopeRoles(kind, principalId, current.scope, next, ctx.signal);
  ctx.logger.info("granted SentinelOne role", {
    entitlement: args.entitlement.id,
    principal: `${args.principal.id?.resourceType}:${principalId}`,
  });
  return {
    kind: "granted",
    grants: [
      grant(scopeRef(target.level, target.scopeId), target.roleId, args.principal.id ?? args.principal),
    ],
  };
};

/**
 * Revokes role-at-scope: reads the principal and writes `scopeRoles` back without exactly that entry.
 * A principal that no longer holds it (or no longer exists) is "already revoked". Removing a principal's
 * last role is refused: SentinelOne's behaviour for an empty list is undocumented, and a console user
 * without a role should be deleted in the console instead.
 */
export const revokeScopeRole = async (
  client: SentinelOneClient,
  args: RevokeArgs,
  ctx: CallContext,
): Promise<RevokeOutcome> => {
  const { grant: held } = args;
  if (held.entitlement === undefined || held.principal === undefined) {
    throw new ConnectorError("invalid-argument", `grant ${held.id} lacks its entitlement or principal`);
  }
  const target = parseScopeEntitlement(held.entitlement);
  const kind = principalKindOf(held.principal);
  const principalId = held.principal.id?.resource ?? "";
  let current: ApiPrincipal;
  try {
    current = await client.getPrincipal(kind, principalId, ctx.signal);
  } catch (error) {
    if (isConnectorError(error) && error.code === "not-found") return { kind: "already-revoked" };
    throw error;
  }
  if (current.scope !== target.level) return { kind: "already-revoked" };
  const entries = await writableEntries(client, current, ctx);
  const remaining = entries.filter((entry) => !(sameScope(entry, target) && entry.roleId === target.roleId));
  if (remaining.length === entries.length) return { kind: "already-revoked" };
  if (remaining.length === 0) {
    throw new ConnectorError(
      "failed-precondition",
      `cannot revoke ${target.label} from ${who(kind, current)}: it is the principal's last role, and a SentinelOne ${kind === "user" ? "user" : "service user"} needs at least one; grant another role first or delete the principal in the console. Nothing was changed`,
    );
  }
  await client.putScopeRoles(kind, principalId, current.scope, remaining, ctx.signal);
  ctx.logger.info("revoked SentinelOne role", { grant: held.id });
  return { kind: "revoked" };
};
