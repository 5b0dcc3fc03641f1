import {
  applyChange,
  type CallContext,
  type Change,
  ConnectorError,
  collectAll,
  diffValue,
  type GrantOutcome,
  type RevokeOutcome,
} from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import { addressChanged, sameAddress, syncedEmail, unlessGone, userGone } from "./live-identity.js";
import { TYPE } from "./type-ids.js";

/** Who the grant names: a joined user (by id) or a pending invite (by its lower-cased address). */
type Member =
  | { readonly kind: "user"; readonly id: string; readonly syncedEmail: string | undefined }
  | { readonly kind: "invite"; readonly email: string };

/** A user's live state: whether the id still exists, its address now, and whether it is in the group. */
interface UserState {
  readonly kind: "user";
  readonly exists: boolean;
  readonly email: string | undefined;
  readonly member: boolean;
}

/**
 * An invite's live state: still pending, in the group as an invitee, and — after it was accepted — the
 * user who now holds that address in the group (acceptance keeps the person in their groups).
 */
interface InviteState {
  readonly kind: "invite";
  readonly pending: boolean;
  readonly member: boolean;
  readonly joinedAs: string | undefined;
}

type MemberState = UserState | InviteState;

/** One member added (`POST /groups/{gid}/users`) or removed (`DELETE /group/{gid}/users`) by address. */
type MemberWrite = { readonly add: boolean; readonly email: string };

const memberOf = (principal: Resource): Member => {
  const type = principal.id?.resourceType;
  const id = principal.id?.resource;
  if (id && type === TYPE.user) return { kind: "user", id, syncedEmail: syncedEmail(principal) };
  if (id && type === TYPE.invite) return { kind: "invite", email: syncedEmail(principal) || id };
  throw new ConnectorError(
    "invalid-argument",
    `Segment group membership can be granted to a user or an invite, not to a ${type || "principal without a type"}`,
  );
};

const who = (member: Member): string =>
  member.kind === "user"
    ? `user ${member.syncedEmail ? `${member.syncedEmail} (${member.id})` : member.id}`
    : `invite ${member.email}`;

/** Reads the member's state live: a user by id (address included), an invite by its address. */
const readMember = async (client: SegmentClient, groupId: string, member: Member): Promise<MemberState> => {
  if (member.kind === "user") {
    const user = await unlessGone(client.getUser(member.id));
    if (user === undefined) return { kind: "user", exists: false, email: undefined, member: false };
    const groups = await collectAll((cursor) => client.listUserGroups(member.id, cursor), {
      what: "Segment user groups",
    });
    return {
      kind: "user",
      exists: true,
      email: user.email,
      member: groups.some((group) => group.id === groupId),
    };
  }
  const [invites, invitees, users] = await Promise.all([
    collectAll((cursor) => client.listInvites(cursor), { what: "Segment invites" }),
    collectAll((cursor) => client.listGroupInvites(groupId, cursor), { what: "Segment group invitees" }),
    collectAll((cursor) => client.listGroupUsers(groupId, cursor), { what: "Segment group members" }),
  ]);
  return {
    kind: "invite",
    pending: invites.some((email) => sameAddress(email, member.email)),
    member: invitees.some((email) => sameAddress(email, member.email)),
    joinedAs: users.find((user) => sameAddress(user.email, member.email))?.id,
  };
};

const diffStates = (from: MemberState, to: MemberState): string[] =>
  from.kind === "user" && to.kind === "user"
    ? [
        ...diffValue("user exists", from.exists, to.exists),
        ...diffValue("address", from.email, to.email),
        ...diffValue("in the group", from.member, to.member),
      ]
    : from.kind === "invite" && to.kind === "invite"
      ? [
          ...diffValue("invite pending", from.pending, to.pending),
          ...diffValue("invitee in the group", from.member, to.member),
          ...diffValue("user with the address in the group", from.joinedAs, to.joinedAs),
        ]
      : ["the member's kind"];

const writeTo =
  (client: SegmentClient, groupId: string): Change<MemberState, MemberWrite>["write"] =>
  async ({ add, email }, request) => {
    if (add) await client.addGroupMembers(groupId, [email], request);
    else await client.removeGroupMember(groupId, email, request);
  };

/** The address a user's write may use: the live one, and only while it is the one the sync saw. */
const liveAddress = (member: Member & { kind: "user" }, state: UserState): string => {
  const live = state.email ?? "";
  if (member.syncedEmail && !sameAddress(member.syncedEmail, live))
    throw addressChanged(member.id, member.syncedEmail, live);
  return live;
};

const entitlementOf = (groupId: string) => `group:${groupId}:member`;

/**
 * `POST /groups/{gid}/users {emails:[email]}` through `applyChange`: the principal is read live by id
 * (a user) or address (an invite) and must still be who the sync saw; a member already → already-exists.
 */
export const grantMembership = async (
  client: SegmentClient,
  groupId: string,
  principal: Resource,
  ctx: CallContext,
): Promise<GrantOutcome> => {
  const member = memberOf(principal);
  const outcome = await applyChange<MemberState, MemberWrite>(
    {
      description: `grant of ${entitlementOf(groupId)} to ${who(member)}`,
      read: () => readMember(client, groupId, member),
      plan: (state) => {
        if (member.kind === "user" && state.kind === "user") {
          if (!state.exists) throw userGone(member.id, member.syncedEmail);
          const email = liveAddress(member, state);
          if (state.member) return { kind: "unchanged" };
          return { kind: "write", write: { add: true, email }, expected: { ...state, member: true } };
        }
        if (member.kind === "invite" && state.kind === "invite") {
          if (!state.pending) throw inviteNotPending(member.email, groupId, state.joinedAs);
          if (state.member) return { kind: "unchanged" };
          return {
            kind: "write",
            write: { add: true, email: member.email },
            expected: { ...state, member: true },
          };
        }
        throw new ConnectorError("internal", "the member's state does not match its kind");
      },
      write: writeTo(client, groupId),
      diff: diffStates,
    },
    { signal: ctx.signal, logger: ctx.logger, policy: client.http.retryPolicy },
  );
  return { kind: outcome.kind === "applied" ? "granted" : "already-exists" };
};

/**
 * `DELETE /group/{gid}/users?emails=<email>` (singular path) through `applyChange`. The address sent
 * is the user's live one, only while it is still the one the sync saw (else someone else could be
 * removed). Already-revoked only when the live state proves it: the user is gone or not in the group;
 * for an invite, neither the invitee nor a user who accepted it holds the address in the group.
 */
export const revokeMembership = async (
  client: SegmentClient,
  groupId: string,
  principal: Resource,
  ctx: CallContext,
): Promise<RevokeOutcome> => {
  const member = memberOf(principal);
  const outcome = await applyChange<MemberState, MemberWrite>(
    {
      description: `revoke of ${entitlementOf(groupId)} from ${who(member)}`,
      read: () => readMember(client, groupId, member),
      plan: (state) => {
        if (member.kind === "user" && state.kind === "user") {
          // A user who left the workspace is in no group any more.
          if (!state.exists) return { kind: "unchanged" };
          const email = liveAddress(member, state);
          if (!state.member) return { kind: "unchanged" };
          return { kind: "write", write: { add: false, email }, expected: { ...state, member: false } };
        }
        if (member.kind === "invite" && state.kind === "invite") {
          if (state.member)
            return {
              kind: "write",
              write: { add: false, email: member.email },
              expected: { ...state, member: false },
            };
          if (state.joinedAs !== undefined) throw inviteAccepted(member.email, groupId, state.joinedAs);
          return { kind: "unchanged" };
        }
        throw new ConnectorError("internal", "the member's state does not match its kind");
      },
      write: writeTo(client, groupId),
      diff: diffStates,
    },
    { signal: ctx.signal, logger: ctx.logger, policy: client.http.retryPolicy },
  );
  return { kind: outcome.kind === "applied" ? "revoked" : "already-revoked" };
};

/** The invitee joined: the access now belongs to a user, whose own grant is what to revoke. */
const inviteAccepted = (email: string, groupId: string, userId: string): ConnectorError =>
  new ConnectorError(
    "failed-precondition",
    `invite ${email} was accepted: the person is now user ${userId} and is still in group ${groupId}; nothing was changed. ` +
      `Sync again and revoke ${entitlementOf(groupId)}:user:${userId} instead`,
    { details: { email, groupId, userId } },
  );

const inviteNotPending = (email: string, groupId: string, joinedAs: string | undefined): ConnectorError =>
  new ConnectorError(
    "failed-precondition",
    joinedAs === undefined
      ? `invite ${email} is no longer pending (accepted or withdrawn); nothing was changed. Sync again, and if the person joined, grant ${entitlementOf(groupId)} to their user`
      : `invite ${email} was accepted: the person is now user ${joinedAs}, already in group ${groupId}; nothing was changed. Sync again`,
    { details: { email, groupId } },
  );
