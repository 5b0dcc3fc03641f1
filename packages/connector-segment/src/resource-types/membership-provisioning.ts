import {
  type CallContext,
  ConnectorError,
  type GrantOutcome,
  isConnectorError,
  type RevokeOutcome,
  userTraitOf,
} from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import { TYPE } from "./type-ids.js";

type Member = { readonly kind: "user" | "invite"; readonly id: string; readonly email: string };

const memberOf = async (client: SegmentClient, principal: Resource, ctx: CallContext): Promise<Member> => {
  const type = principal.id?.resourceType;
  const id = principal.id?.resource;
  if (!id || (type !== TYPE.user && type !== TYPE.invite)) {
    throw new ConnectorError(
      "invalid-argument",
      `Segment group membership can be granted to a user or an invite, not to a ${type || "principal without a type"}`,
    );
  }
  const traitEmail = userTraitOf(principal)?.emails[0]?.address;
  if (type === TYPE.invite) return { kind: "invite", id, email: traitEmail || id };
  return { kind: "user", id, email: traitEmail || (await client.getUser(id, { signal: ctx.signal })).email };
};

/** Whether the member is in the group now: a user's own group list, or the group's pending invitees. */
const isMember = async (
  client: SegmentClient,
  groupId: string,
  member: Member,
  ctx: CallContext,
): Promise<boolean> => {
  let cursor: string | undefined;
  do {
    if (member.kind === "user") {
      const page = await client.listUserGroups(member.id, cursor, { signal: ctx.signal });
      if (page.items.some((group) => group.id === groupId)) return true;
      cursor = page.next;
    } else {
      const page = await client.listGroupInvites(groupId, cursor, { signal: ctx.signal });
      if (page.items.some((email) => email.toLowerCase() === member.email.toLowerCase())) return true;
      cursor = page.next;
    }
  } while (cursor !== undefined);
  return false;
};

/** `POST /groups/{gid}/users {emails:[email]}` unless the principal is already a member. */
export const grantMembership = async (
  client: SegmentClient,
  groupId: string,
  principal: Resource,
  ctx: CallContext,
): Promise<GrantOutcome> => {
  const member = await memberOf(client, principal, ctx);
  if (await isMember(client, groupId, member, ctx)) return { kind: "already-exists" };
  await client.addGroupMembers(groupId, [member.email], { signal: ctx.signal });
  return { kind: "granted" };
};

/** `DELETE /group/{gid}/users?emails=<email>` (singular path) unless the principal is no longer a member. */
export const revokeMembership = async (
  client: SegmentClient,
  groupId: string,
  principal: Resource,
  ctx: CallContext,
): Promise<RevokeOutcome> => {
  let member: Member;
  try {
    member = await memberOf(client, principal, ctx);
    if (!(await isMember(client, groupId, member, ctx))) return { kind: "already-revoked" };
  } catch (error) {
    // A user who left the workspace is in no group any more.
    if (isConnectorError(error) && error.code === "not-found") return { kind: "already-revoked" };
    throw error;
  }
  await client.removeGroupMember(groupId, member.email, { signal: ctx.signal });
  return { kind: "revoked" };
};
