import {
  applyChange,
  type CallContext,
  type Change,
  ConnectorError,
  diffByKey,
  diffValue,
  type GrantArgs,
  type GrantOutcome,
  grant,
  isConnectorError,
  type ProvisionTarget,
  provisionTargetOf,
  type RevokeArgs,
  type RevokeOutcome,
  userTraitOf,
} from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";
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

/** What a role entitlement asks for, from the entitlement the engine parsed. */
export const scopeRoleTarget = ({
  entitlement,
  entitlementRef: { resourceType, resourceId, slug: roleId },
}: Pick<ProvisionTarget, "entitlement" | "entitlementRef">): ScopeRoleTarget => {
  const level = LEVEL_OF_TYPE[resourceType];
  if (level === undefined || (level === "tenant" && resourceId !== TENANT_ID)) {
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

/** The principal a grant names: its id, and the identity the sync saw (a user's email, a service user's name). */
interface Principal {
  readonly kind: PrincipalKind;
  readonly id: string;
  readonly syncedIdentity: string | undefined;
}

const principalOf = (resource: Resource): Principal => {
  const kind = principalKindOf(resource);
  const synced = kind === "user" ? userTraitOf(resource)?.emails[0]?.address : resource.displayName;
  return { kind, id: resource.id?.resource ?? "", syncedIdentity: synced || undefined };
};

/** What a role change depends on, read live by the principal's id. */
interface PrincipalState {
  readonly exists: boolean;
  /** A user's email or a service user's name, as SentinelOne shows it now. */
  readonly identity: string | undefined;
  readonly scope: PrincipalScope | undefined;
  /** The entries as they must be written back: `{id, roleId}` (roleId resolved for legacy entries). */
  readonly entries: readonly ScopeRoleInput[];
}

const GONE: PrincipalState = { exists: false, identity: undefined, scope: undefined, entries: [] };

const identityOf = (current: ApiPrincipal): string | undefined =>
  ("email" in current ? current.email : "name" in current ? current.name : undefined) || undefined;

/** The entries as they must be written back: `{id, roleId}` (roleId resolved for legacy entries). */
const writableEntries = async (
  client: SentinelOneClient,
  current: ApiPrincipal,
): Promise<ScopeRoleInput[]> => {
  const needsCatalog = current.scopeRoles.some((entry) => !entry.roleId);
  const catalog = needsCatalog ? await client.catalog() : undefined;
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

/** Read fresh by id: every plan starts from the principal's current roles. */
const readPrincipal = async (client: SentinelOneClient, principal: Principal): Promise<PrincipalState> => {
  let current: ApiPrincipal;
  try {
    current = await client.getPrincipal(principal.kind, principal.id);
  } catch (error) {
    if (isConnectorError(error) && error.code === "not-found") return GONE;
    throw error;
  }
  return {
    exists: true,
    identity: identityOf(current),
    scope: current.scope,
    entries: await writableEntries(client, current),
  };
};

const sameScope = (entry: ScopeRoleInput, target: ScopeRoleTarget): boolean =>
  target.level === "tenant" || entry.id === target.scopeId;

const entryKey = (entry: ScopeRoleInput): string => `${entry.id ?? "tenant"}:${entry.roleId}`;
const entryText = (entry: ScopeRoleInput): string =>
  entry.id === undefined ? `role ${entry.roleId}` : `role ${entry.roleId} at ${entry.id}`;

const diffStates = (from: PrincipalState, to: PrincipalState): string[] => [
  ...diffValue("principal exists", from.exists, to.exists),
  ...diffValue("identity", from.identity, to.identity),
  ...diffValue("scope level", from.scope, to.scope),
  ...diffByKey(from.entries, to.entries, entryKey, entryText),
];

const who = (principal: Principal): string =>
  `${principal.kind === "user" ? "user" : "service user"} ${principal.syncedIdentity ?? principal.id} (${principal.id})`;

/** The principal must still be the one the sync saw: same email (users) or name (service users). */
const checkIdentity = (principal: Principal, state: PrincipalState): void => {
  const { syncedIdentity } = principal;
  if (syncedIdentity === undefined || state.identity === undefined) return;
  if (syncedIdentity.trim().toLowerCase() === state.identity.trim().toLowerCase()) return;
  throw new ConnectorError(
    "failed-precondition",
    `${principal.kind === "user" ? "user" : "service user"} ${principal.id} was ${syncedIdentity} at the last sync and is ${state.identity} in SentinelOne now; nothing was changed. ` +
      "Sync again, check that this is still the person the request is about, and repeat it if it still applies",
    { details: { principalId: principal.id, synced: syncedIdentity, live: state.identity } },
  );
};

type ScopeRolesWrite = { readonly scope: PrincipalScope; readonly entries: readonly ScopeRoleInput[] };

const writeTo =
  (client: SentinelOneClient, principal: Principal): Change<PrincipalState, ScopeRolesWrite>["write"] =>
  async ({ scope, entries }, request) => {
    await client.putScopeRoles(principal.kind, principal.id, scope, entries, request);
  };

/**
 * Grants role-at-scope through `applyChange`: read the principal by id, check it is still who the sync
 * saw, write its whole `scopeRoles` back with exactly one entry added (the API replaces the set;
 * defect B10) with a precondition that re-reads it right before the PUT leaves, then read back. The PUT
 * is never re-sent as it was: after a 429, 5xx or reset the whole read-plan-write starts over.
 * Refused, with nothing written: a principal gone or no longer the same, a principal of another scope
 * level (SentinelOne keeps one level per principal; switching levels would drop its other roles), or one
 * that already holds a different role at that account or site (one role per scope object).
 */
export const grantScopeRole = async (
  client: SentinelOneClient,
  args: GrantArgs,
  ctx: CallContext,
): Promise<GrantOutcome> => {
  const provisioned = provisionTargetOf(args);
  const target = scopeRoleTarget(provisioned);
  const principal = principalOf(provisioned.principal);
  const wanted: ScopeRoleInput =
    target.scopeId === undefined ? { roleId: target.roleId } : { id: target.scopeId, roleId: target.roleId };
  const outcome = await applyChange<PrincipalState, ScopeRolesWrite>(
    {
      description: `grant of ${target.label} to ${who(principal)}`,
      read: () => readPrincipal(client, principal),
      plan: (state) => {
        if (!state.exists || state.scope === undefined) {
          throw new ConnectorError(
            "not-found",
            `${who(principal)} no longer exists in SentinelOne; nothing was changed. Sync again`,
          );
        }
        checkIdentity(principal, state);
        if (state.scope !== target.level) {
          throw new ConnectorError(
            "failed-precondition",
            `cannot grant ${target.label} to ${who(principal)}: it is a ${state.scope}-scope principal and SentinelOne gives each principal one scope level; a ${target.level} role would mean moving it to ${target.level} scope and dropping its ${state.scope} roles. Nothing was changed`,
          );
        }
        if (state.entries.some((entry) => sameScope(entry, target) && entry.roleId === target.roleId))
          return { kind: "unchanged" };
        const clash =
          target.level === "tenant" ? undefined : state.entries.find((entry) => sameScope(entry, target));
        if (clash !== undefined) {
          throw new ConnectorError(
            "failed-precondition",
            `cannot grant ${target.label} to ${who(principal)}: it already holds role ${clash.roleId} at this ${target.level}, and SentinelOne keeps one role per ${target.level}; revoke that grant first. Nothing was changed`,
          );
        }
        const entries = [...state.entries, wanted];
        return { kind: "write", write: { scope: state.scope, entries }, expected: { ...state, entries } };
      },
      write: writeTo(client, principal),
      diff: diffStates,
    },
    { signal: ctx.signal, logger: ctx.logger, policy: client.http.retryPolicy },
  );
  if (outcome.kind === "unchanged") return { kind: "already-exists" };
  ctx.logger.info("granted SentinelOne role", {
    entitlement: provisioned.entitlement.id,
    principal: `${provisioned.principalId.resourceType}:${principal.id}`,
  });
  return {
    kind: "granted",
    grants: [grant(scopeRef(target.level, target.scopeId), target.roleId, provisioned.principalId)],
  };
};

/**
 * Revokes role-at-scope through `applyChange`: reads the principal by id and writes `scopeRoles` back
 * without exactly that entry (precondition re-read, read back, whole-operation retries as for a grant).
 * Already revoked only when the live state proves it: the principal no longer holds the entry, holds
 * roles of another level now, or no longer exists. Refused, with nothing written: a principal that is no
 * longer who the sync saw, or removing its last role (SentinelOne's behaviour for an empty list is
 * undocumented, and a console user without a role should be deleted in the console instead).
 */
export const revokeScopeRole = async (
  client: SentinelOneClient,
  args: RevokeArgs,
  ctx: CallContext,
): Promise<RevokeOutcome> => {
  const provisioned = provisionTargetOf(args);
  const target = scopeRoleTarget(provisioned);
  const principal = principalOf(provisioned.principal);
  const outcome = await applyChange<PrincipalState, ScopeRolesWrite>(
    {
      description: `revoke of ${target.label} from ${who(principal)}`,
      read: () => readPrincipal(client, principal),
      plan: (state) => {
        if (!state.exists || state.scope === undefined) return { kind: "unchanged" };
        checkIdentity(principal, state);
        if (state.scope !== target.level) return { kind: "unchanged" };
        const entries = state.entries.filter(
          (entry) => !(sameScope(entry, target) && entry.roleId === target.roleId),
        );
        if (entries.length === state.entries.length) return { kind: "unchanged" };
        if (entries.length === 0) {
          throw new ConnectorError(
            "failed-precondition",
            `cannot revoke ${target.label} from ${who(principal)}: it is the principal's last role, and a SentinelOne ${principal.kind === "user" ? "user" : "service user"} needs at least one; grant another role first or delete the principal in the console. Nothing was changed`,
          );
        }
        return { kind: "write", write: { scope: state.scope, entries }, expected: { ...state, entries } };
      },
      write: writeTo(client, principal),
      diff: diffStates,
    },
    { signal: ctx.signal, logger: ctx.logger, policy: client.http.retryPolicy },
  );
  if (outcome.kind === "unchanged") return { kind: "already-revoked" };
  ctx.logger.info("revoked SentinelOne role", { grant: args.grant.id });
  return { kind: "revoked" };
};
