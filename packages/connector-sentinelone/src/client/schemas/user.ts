import { z } from "zod";
import { apiTokenInfoSchema, principalScopeSchema, scopeRoleSchema } from "./scope-role.js";

/** A console user (`GET /users`, `GET /users/{id}`, `PUT /users/{id}`). Only `scope` is required by the spec. */
export const userSchema = z.object({
  id: z.string().min(1),
  email: z.string().nullish(),
  fullName: z.string().nullish(),
  scope: principalScopeSchema,
  scopeRoles: z
    .array(scopeRoleSchema)
    .nullish()
    .transform((entries) => entries ?? []),
  source: z.string().nullish(),
  emailVerified: z.boolean().nullish(),
  firstLogin: z.string().nullish(),
  lastLogin: z.string().nullish(),
  dateJoined: z.string().nullish(),
  twoFaEnabled: z.boolean().nullish(),
  twoFaStatus: z.string().nullish(),
  primaryTwoFaMethod: z.string().nullish(),
  apiToken: apiTokenInfoSchema.nullish(),
  canGenerateApiToken: z.boolean().nullish(),
  isSystem: z.boolean().nullish(),
});
export type ApiUser = z.output<typeof userSchema>;
