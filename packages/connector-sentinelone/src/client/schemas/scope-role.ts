import { z } from "zod";

/**
 * One `scopeRoles` entry of a user or service user: the role `roleId` held at the scope object `id`
 * (an account or site id; absent for tenant-scope principals). `name`/`accountName` are the scope
 * object's names, NOT the role's — the Go connector confused them (defect B2).
 */
export const scopeRoleSchema = z.object({
  id: z.string().nullish(),
  name: z.string().nullish(),
  accountName: z.string().nullish(),
  roleId: z.string().nullish(),
  /** Deprecated; kept to resolve entries that lack a roleId (predefined roles only). */
  roleName: z.string().nullish(),
});
export type ApiScopeRole = z.output<typeof scopeRoleSchema>;

/** Principal scope level; the API sends lower case, read case-insensitively. */
export const principalScopeSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(["tenant", "account", "site"]));
export type PrincipalScope = z.output<typeof principalScopeSchema>;

export const apiTokenInfoSchema = z.object({
  createdAt: z.string().nullish(),
  expiresAt: z.string().nullish(),
});
