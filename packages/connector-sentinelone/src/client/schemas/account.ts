import { z } from "zod";

/** `GET /accounts` item: the fields the connector shows (others are dropped on parse). */
export const accountSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  state: z.string().nullish(),
  accountType: z.string().nullish(),
  isDefault: z.boolean().nullish(),
  expiration: z.string().nullish(),
  unlimitedExpiration: z.boolean().nullish(),
  usageType: z.string().nullish(),
  externalId: z.string().nullish(),
  createdAt: z.string().nullish(),
});
export type ApiAccount = z.output<typeof accountSchema>;
