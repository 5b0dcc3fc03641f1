import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";
import { permissionSchema } from "./permission.js";

/** UserV1; `permissions` is optional in lists (whether the list carries it is unverified). */
export const userSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  email: z.string(),
  permissions: z.array(permissionSchema).nullish(),
});
export type SegmentUser = z.output<typeof userSchema>;

/** `GET /users` */
export const listUsersResponse = envelope(
  z.object({ users: z.array(userSchema), pagination: paginationSchema.nullish() }),
);

/** `GET /users/{userId}` (always with permissions). */
export const getUserResponse = envelope(z.object({ user: userSchema }));

/** `GET /users/{userId}/groups` → MinimalUserGroupV1[]. */
export const listUserGroupsResponse = envelope(
  z.object({
    groups: z.array(z.object({ id: z.string().min(1), name: z.string().nullish() })),
    pagination: paginationSchema.nullish(),
  }),
);
