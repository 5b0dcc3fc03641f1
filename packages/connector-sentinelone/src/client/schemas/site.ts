import { z } from "zod";
import { paginationSchema } from "./envelope.js";

/** `GET /sites` item. */
export const siteSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  accountId: z.string().min(1),
  accountName: z.string().nullish(),
  state: z.string().nullish(),
  siteType: z.string().nullish(),
  isDefault: z.boolean().nullish(),
  description: z.string().nullish(),
  expiration: z.string().nullish(),
  unlimitedExpiration: z.boolean().nullish(),
  externalId: z.string().nullish(),
  createdAt: z.string().nullish(),
});
export type ApiSite = z.output<typeof siteSchema>;

/** The one list whose `data` is an object: `{"data":{"allSites":{...},"sites":[...]}}`. */
export const sitesPageSchema = z.object({
  data: z.object({ sites: z.array(siteSchema) }),
  pagination: paginationSchema.nullish(),
});
