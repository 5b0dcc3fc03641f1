import { z } from "zod";

/**
 * PaginationOutput. `next` is missing or null on the last page (and an empty string has been seen);
 * `totalEntries` may be left out. Cursors are opaque.
 */
export const paginationSchema = z.object({
  current: z.string().nullish(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
  totalEntries: z.number().optional(),
});
export type PaginationOutput = z.output<typeof paginationSchema>;
