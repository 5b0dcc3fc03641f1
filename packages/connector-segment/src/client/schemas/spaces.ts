import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";

export const spaceSchema = z.object({
  id: z.string().min(1),
  slug: z.string().nullish(),
  name: z.string().nullish(),
});
export type SegmentSpace = z.output<typeof spaceSchema>;

/** `GET /spaces` (alpha; needs the Unify/Engage feature). */
export const listSpacesResponse = envelope(
  z.object({ spaces: z.array(spaceSchema), pagination: paginationSchema.nullish() }),
);
