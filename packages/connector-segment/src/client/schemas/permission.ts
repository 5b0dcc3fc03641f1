import { z } from "zod";

/** A label reference as it appears in permissions and on sources (`description` only on reads). */
export const labelSchema = z.object({
  key: z.string(),
  value: z.string(),
  description: z.string().nullish(),
});
export type SegmentLabel = z.output<typeof labelSchema>;

/** The five permission target types; nothing else can be granted on. */
export const permissionTargetTypeSchema = z.enum(["WORKSPACE", "SOURCE", "WAREHOUSE", "FUNCTION", "SPACE"]);
export type PermissionTargetType = z.output<typeof permissionTargetTypeSchema>;

export const permissionResourceSchema = z.object({
  id: z.string().min(1),
  type: permissionTargetTypeSchema,
  labels: z.array(labelSchema).nullish(),
});
export type PermissionResource = z.output<typeof permissionResourceSchema>;

/** PermissionV1, the read shape in `user.permissions` and `userGroup.permissions`. */
export const permissionSchema = z.object({
  roleId: z.string().min(1),
  roleName: z.string().nullish(),
  resources: z.array(permissionResourceSchema),
  /** Permission-level labels (optional in the read shape). */
  labels: z.array(labelSchema).nullish(),
});
export type Permission = z.output<typeof permissionSchema>;
