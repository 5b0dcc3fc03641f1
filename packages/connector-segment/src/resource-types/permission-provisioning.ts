import {
  applyChange,
  type CallContext,
  type Change,
  ConnectorError,
  diffByKey,
  diffValue,
  type GrantOutcome,
  type RevokeOutcome,
} from "@baton-ts/connector-sdk";
import type { Grant, Resource } from "@baton-ts/protocol";
import {
  type PermissionInput,
  type PermissionResourceInput,
  toPermissionInput,
} from "../client/permission-input.js";
import type { Permission } from "../client/schemas/permission.js";
import type { SegmentClient } from "../client/segment-client.js";
import { addressChanged, sameAddress, syncedEmail, unlessGone, userGone } from "./live-identity.js";
import {
  type PermissionEntry,
  type PermissionScope,
  permissionEntries,
  sameScope,
  scopeOf,
} from "./permission-entries.js";
import { TYPE } from "./type-ids.js";

/** A role on one scope, granted to or revoked from a user or group. */
export interface PermissionChange {
  readonly principal: Resource;
  readonly roleId: string;
  readonly scope: PermissionScope;
}

type Subject = {
  readonly kind: "user" | "group";
  readonly id: string;
  /** The user's address at the last sync (users only; checked against the live one). */
  readonly syncedEmail: string | undefined;
};

/** What a permission change depends on, read live by the subject's id. */
interface SubjectState {
  readonly exists: boolean;
  /** The user's address now (users only). */
  readonly email: string | undefined;
  readonly permissions: readonly Permission[];
}

/** POST adds exactly one entry; PUT replaces the whole list. */
type PermissionWrite = { readonly method: "POST" | "PUT"; readonly input: readonly PermissionInput[] };

const subjectOf = (principal: Resource): Subject => {
  const type = principal.id?.resourceType;
  const id = principal.id?.resource;
  if ((type === TYPE.user || type === TYPE.group) && id)
    return { kind: type, id, syncedEmail: type === TYPE.user ? syncedEmail(principal) : undefined };
  throw new ConnectorError(
    "invalid-argument",
    `Segment roles and permissions can be granted to a user or a group, not to a ${type || "principal without a type"}` +
      (type === TYPE.invite ? " (an invite's permissions are fixed at invite time)" : ""),
  );
};

const who = (subject: Subject): string =>
  `${subject.kind} ${subject.syncedEmail ? `${subject.syncedEmail} (${subject.id})` : subject.id}`;

/** Read fresh by id (never from the sync's session): every plan starts from the subject's current state. */
const readSubject = async (client: SegmentClient, subject: Subject): Promise<SubjectState> => {
  const live =
    subject.kind === TYPE.user
      ? await unlessGone(client.getUser(subject.id))
      : await unlessGone(client.getGroup(subject.id));
  if (live === undefined) return { exists: false, email: undefined, permissions: [] };
  return {
    exists: true,
    email: "email" in live ? live.email : undefined,
    permissions: live.permissions ?? [],
  };
};

const scopeText = (scope: PermissionScope): string => {
  switch (scope.kind) {
    case "workspace":
      return "workspace-wide";
    case "label":
      return `on label set ${scope.setId}`;
    case "instance":
      return `on ${scope.targetType.toLowerCase()} ${scope.id}`;
  }
};

const scopeKey = (scope: PermissionScope): string => {
  switch (scope.kind) {
    case "workspace":
      return `workspace:${scope.workspaceId}`;
    case "label":
      return `label:${scope.workspaceId}:${scope.setId}`;
    case "instance":
      return `${scope.targetType}:${scope.id}`;
  }
};

const entryText = (entry: PermissionEntry): string => `role ${entry.roleId} ${scopeText(entry.scope)}`;

/** Two states differ in existence, address or (role, scope) pairs; policy ids, order and names do not count. */
const diffStates =
  (subject: Subject) =>
  (from: SubjectState, to: SubjectState): string[] => [
    ...diffValue(`${subject.kind} ${subject.id} exists`, from.exists, to.exists),
    ...diffValue(`address of user ${subject.id}`, from.email, to.email),
    ...diffByKey(
      permissionEntries(from.permissions),
      permissionEntries(to.permissions),
      (entry) => `${entry.roleId}|${scopeKey(entry.scope)}`,
      entryText,
    ),
  ];

/** The identity checks every plan starts with: the subject must still be the one the sync saw. */
const checkIdentity = (subject: Subject, state: SubjectState): void => {
  if (subject.syncedEmail && state.email && !sameAddress(subject.syncedEmail, state.email))
    throw addressChanged(subject.id, subject.syncedEmail, state.email);
};

const resourceInput = (scope: PermissionScope): PermissionResourceInput => {
  switch (scope.kind) {
    case "workspace":
      return { id: scope.workspaceId, type: "WORKSPACE" };
    case "label":
      return {
        id: scope.workspaceId,
        type: "WORKSPACE",
        labels: scope.labels.map(({ key, value }) => ({ key, value })),
      };
    case "instance":
      return { id: scope.id, type: scope.targetType };
  }
};

/** The permission a grant's POST adds, in the read shape (what the read-back must show). */
const addedPermission = (roleId: string, scope: PermissionScope): Permission => {
  const resource = resourceInput(scope);
  return {
    roleId,
    resources: [
      { id: resource.id, type: resource.type, labels: resource.labels ? [...resource.labels] : null },
    ],
  };
};

/** The entitlements a grant was expanded from, when it was not also granted directly. */
const inheritedFrom = (held: Grant): string[] => {
  const sources = Object.keys(held.sources?.sources ?? {});
  const own = held.entitlement?.id ?? "";
  return sources.includes(own) ? [] : sources;
};

const writeTo =
  (client: SegmentClient, subject: Subject): Change<SubjectState, PermissionWrite>["write"] =>
  async ({ method, input }, request) => {
    if (subject.kind === TYPE.user) {
      if (method === "POST") await client.addUserPermissions(subject.id, input, request);
      else await client.replaceUserPermissions(subject.id, input, request);
    } else if (method === "POST") await client.addGroupPermissions(subject.id, input, request);
    else await client.replaceGroupPermissions(subject.id, input, request);
  };

/**
 * Grants a role on one scope by adding exactly one permission entry with `POST …/permissions`
 * (additive: another admin's concurrent edit of other entries is never overwritten), through
 * `applyChange`: live read by id, identity check, write, read back. Already held → already-exists.
 */
export const grantPermission = async (
  client: SegmentClient,
  { principal, roleId, scope }: PermissionChange,
  ctx: CallContext,
): Promise<GrantOutcome> => {
  const subject = subjectOf(principal);
  const added = addedPermission(roleId, scope);
  const outcome = await applyChange<SubjectState, PermissionWrite>(
    {
      description: `grant of role ${roleId} ${scopeText(scope)} to ${who(subject)}`,
      read: () => readSubject(client, subject),
      plan: (state) => {
        if (!state.exists) throw userOrGroupGone(subject);
        checkIdentity(subject, state);
        const held = permissionEntries(state.permissions);
        if (held.some((entry) => entry.roleId === roleId && sameScope(entry.scope, scope)))
          return { kind: "unchanged" };
        return {
          kind: "write",
          write: { method: "POST", input: [{ roleId, resources: [resourceInput(scope)] }] },
          expected: { ...state, permissions: [...state.permissions, added] },
        };
      },
      write: writeTo(client, subject),
      diff: diffStates(subject),
    },
    { signal: ctx.signal, logger: ctx.logger, policy: client.http.retryPolicy },
  );
  return { kind: outcome.kind === "applied" ? "granted" : "already-exists" };
};

const userOrGroupGone = (subject: Subject): ConnectorError =>
  subject.kind === TYPE.user
    ? userGone(subject.id, subject.syncedEmail)
    : new ConnectorError(
        "not-found",
        `group ${subject.id} no longer exists in Segment; nothing was changed. Sync again`,
      );

/**
 * The permissions left after removing exactly one (role, scope) pair: a permission listing several
 * resources keeps the others; every other permission, labels included, is returned unchanged.
 */
export const withoutEntry = (
  permissions: readonly Permission[],
  roleId: string,
  scope: PermissionScope,
): { readonly remaining: Permission[]; readonly removed: number } => {
  let removed = 0;
  const remaining: Permission[] = [];
  for (const permission of permissions) {
    if (permission.roleId !== roleId) {
      remaining.push(permission);
      continue;
    }
    const kept = permission.resources.filter((resource) => !sameScope(scopeOf(permission, resource), scope));
    removed += permission.resources.length - kept.length;
    if (kept.length > 0) remaining.push({ ...permission, resources: kept });
  }
  return { remaining, removed };
};

/**
 * Revokes a role on one scope through `applyChange`: read the subject's permissions by id, drop exactly
 * that (role, scope) pair, and PUT the rest back (labels echoed, `roleName` stripped) with a
 * precondition that re-reads them right before the PUT leaves; then read back. The PUT is never
 * re-sent as it was: after a 429, 5xx or reset the whole read-plan-write starts over. Already gone
 * (or the subject deleted) → already-revoked.
 */
export const revokePermission = async (
  client: SegmentClient,
  { principal, roleId, scope }: PermissionChange,
  held: Grant,
  ctx: CallContext,
): Promise<RevokeOutcome> => {
  const subject = subjectOf(principal);
  const outcome = await applyChange<SubjectState, PermissionWrite>(
    {
      description: `revoke of role ${roleId} ${scopeText(scope)} from ${who(subject)}`,
      read: () => readSubject(client, subject),
      plan: (state) => {
        // A deleted subject holds nothing: the live state proves the revoke.
        if (!state.exists) return { kind: "unchanged" };
        checkIdentity(subject, state);
        const { remaining, removed } = withoutEntry(state.permissions, roleId, scope);
        if (removed === 0) {
          const via = inheritedFrom(held);
          if (via.length > 0) {
            throw new ConnectorError(
              "failed-precondition",
              `grant "${held.id}" is inherited through ${via.join(", ")}, not held directly: revoke that group membership (or the group's role) instead`,
            );
          }
          return { kind: "unchanged" };
        }
        return {
          kind: "write",
          write: { method: "PUT", input: remaining.map(toPermissionInput) },
          expected: { ...state, permissions: remaining },
        };
      },
      write: writeTo(client, subject),
      diff: diffStates(subject),
    },
    { signal: ctx.signal, logger: ctx.logger, policy: client.http.retryPolicy },
  );
  return { kind: outcome.kind === "applied" ? "revoked" : "already-revoked" };
};
