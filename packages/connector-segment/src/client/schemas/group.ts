import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";
import { permissionSchema } from "./permission.js";

/** UserGroupV1. */
export const groupSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  memberCount: z.number().nullish(),
  permissions: z.array(permissionSchema).nullish(),
});
export type SegmentGroup = z.output<typeof groupSchema>;

/** `GET /groups` (the list key is `userGroups`). */
export const listGroupsResponse = envelope(
  z.object({ userGroups: z.array(groupSchema), pagination: paginationSchema.nullish() }),
);

/** `GET /groups/{id}` and `POST /groups/{id}/users`: the key is `userGroup`, not `group`. */
export const groupResponse = envelope(z.object({ userGroup: groupSchema }));

/** `GET /groups/{id}/users` → MinimalUserV1[] (joined members). */
export const listGroupUsersResponse = envelope(
  z.object({
    users: z.array(z.object({ id: z.string().min(1), name: z.string().nullish(), email: z.string() })),
    pagination: paginationSchema.nullish(),
  }),
);

/** `GET /groups/{id}/invites` → pending invitees' emails. */
export const listGroupInvitesResponse = envelope(
  z.object({ emails: z.array(z.string()), pagination: paginationSchema.nullish() }),
);
