import type { SimState, SimUser } from "./model.js";
import type { Random } from "./prng.js";

/**
 * An invitee accepts and joins the workspace. Segment's documentation says an invite can be put in
 * user groups and that `/users` lists joined members only; it does not spell out what acceptance does
 * to those memberships. The app lets an admin "assign [an invitee] to a user group" at invite time,
 * which only makes sense if the person is in the group once joined, so this model moves each group
 * membership from the invite to the new user (and gives the user the invite's permissions).
 */
export const acceptInvite = (state: SimState, random: Random, email: string, name?: string): SimUser => {
  const key = email.toLowerCase();
  const invite = state.invites.get(key);
  if (!invite) throw new Error(`the simulated workspace has no pending invite for ${email}`);
  const user: SimUser = {
    id: random.ksuid(),
    name: name ?? invite.email.split("@")[0] ?? invite.email,
    email: invite.email,
    permissions: invite.permissions,
  };
  state.invites.delete(key);
  state.users.set(user.id, user);
  for (const group of state.groups.values()) {
    if (!group.inviteEmails.delete(invite.email)) continue;
    group.userIds.add(user.id);
  }
  return user;
};
