import type { SessionStore } from "@baton-ts/connector-sdk";
import type { Permission } from "../client/schemas/permission.js";
import type { SegmentClient } from "../client/segment-client.js";

export type Subject = "user" | "group";

/**
 * Users' and groups' permissions in the sync's session (`perm:user:<id>`, `perm:group:<id>`): kept
 * from the list pages that carry them and from the label scan's detail calls, read by the subjects'
 * grants. So each subject costs one detail call at most per sync, also across a resume.
 */
const permissionStore = (session: SessionStore, subject: Subject): SessionStore =>
  session.withPrefix(`perm:${subject}:`);

/** Keeps the permissions of the subjects on a list page that carried them. */
export const keepPermissions = async (
  session: SessionStore,
  subject: Subject,
  subjects: readonly {
    readonly id: string;
    readonly permissions?: readonly Permission[] | null | undefined;
  }[],
): Promise<void> => {
  const carried = subjects.flatMap((item) =>
    item.permissions ? [[item.id, item.permissions] as const] : [],
  );
  if (carried.length > 0) await permissionStore(session, subject).setMany(carried);
};

/** Reads a subject's permissions with one detail call and keeps them for its grants. */
export const fetchPermissions = async (
  client: SegmentClient,
  session: SessionStore,
  subject: Subject,
  id: string,
): Promise<readonly Permission[]> => {
  const detail = subject === "user" ? await client.getUser(id) : await client.getGroup(id);
  const permissions = detail.permissions ?? [];
  await permissionStore(session, subject).set(id, permissions);
  return permissions;
};

/** A subject's permissions for its grants: as kept in the session, else one detail call. */
export const permissionsOf = async (
  client: SegmentClient,
  session: SessionStore,
  subject: Subject,
  id: string,
): Promise<readonly Permission[]> => {
  const kept = await permissionStore(session, subject).get<Permission[]>(id);
  if (kept !== undefined) return kept;
  const detail = subject === "user" ? await client.getUser(id) : await client.getGroup(id);
  return detail.permissions ?? [];
};
