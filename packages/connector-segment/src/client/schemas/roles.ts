import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";

export const roleSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
});
export type SegmentRole = z.output<typeof roleSchema>;

/** `GET /roles` */
export const listRolesResponse = envelope(
  z.object({ roles: z.array(roleSchema), pagination: paginationSchema.nullish() }),
);
