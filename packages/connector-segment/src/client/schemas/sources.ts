import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";
import { labelSchema } from "./permission.js";

export const sourceSchema = z.object({
  id: z.string().min(1),
  slug: z.string().nullish(),
  name: z.string().nullish(),
  enabled: z.boolean().nullish(),
  workspaceId: z.string().nullish(),
  labels: z.array(labelSchema).nullish(),
});
export type SegmentSource = z.output<typeof sourceSchema>;

/** `GET /sources` */
export const listSourcesResponse = envelope(
  z.object({ sources: z.array(sourceSchema), pagination: paginationSchema.nullish() }),
);
