import { z } from "zod";
import { apiTokenInfoSchema, principalScopeSchema, scopeRoleSchema } from "./scope-role.js";

const actorSchema = z.object({ id: z.string().nullish(), name: z.string().nullish() });

/** A service user (`GET /service-users`, `GET|PUT /service-users/{id}`): no email, a token with an expiry. */
export const serviceUserSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  scope: principalScopeSchema,
  scopeRoles: z
    .array(scopeRoleSchema)
    .nullish()
    .transform((entries) => entries ?? []),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  lastActivation: z.string().nullish(),
  createdBy: actorSchema.nullish(),
  apiToken: apiTokenInfoSchema.nullish(),
});
export type ApiServiceUser = z.output<typeof serviceUserSchema>;
