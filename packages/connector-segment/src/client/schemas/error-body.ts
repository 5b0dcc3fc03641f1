import { z } from "zod";

/** `{"errors": [RequestError, …]}`: the body of every failed call that has one. */
export const errorBodySchema = z.object({
  errors: z.array(
    z.object({
      type: z.string().optional(),
      message: z.string().optional(),
      field: z.string().optional(),
      data: z.unknown().optional(),
      status: z.number().optional(),
    }),
  ),
});
export type SegmentErrorBody = z.output<typeof errorBodySchema>;
