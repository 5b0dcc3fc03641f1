import { z } from "zod";

/** Role scope; the API capitalises it (`Tenant`), read case-insensitively. */
export const roleScopeSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(["tenant", "account", "site", "group"]));
export type RoleScope = z.output<typeof roleScopeSchema>;

/** `GET /rbac/roles` item (`rbac.schemas_FlatRoleWithAccountOrSiteName`), keeping what B3 dropped. */
export const roleSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  predefinedRole: z.boolean().nullish(),
  scope: roleScopeSchema.nullish(),
  scopeId: z.string().nullish(),
  accountName: z.string().nullish(),
  siteName: z.string().nullish(),
});
export type ApiRole = z.output<typeof roleSchema>;
