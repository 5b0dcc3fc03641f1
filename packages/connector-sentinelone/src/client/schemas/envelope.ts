import { z } from "zod";

/** `pagination` of every list: `nextCursor` is null (or absent) on the last page. */
export const paginationSchema = z.object({
  nextCursor: z.string().nullish(),
  totalItems: z.number().nullish(),
});

/** `{"data":[...], "pagination":{...}}`, the shape of every list but `GET /sites`. */
export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), pagination: paginationSchema.nullish() });

/** `{"data":{...}}`, the shape of single-object replies. */
export const singleEnvelope = <T extends z.ZodType>(item: T) => z.object({ data: item });

/** `{"errors":[{code, detail, title}]}`; read leniently, since gateways may answer with anything. */
export const errorBodySchema = z.object({
  errors: z
    .array(
      z.object({
        code: z.number().nullish(),
        detail: z.string().nullish(),
        title: z.string().nullish(),
      }),
    )
    .min(1),
});
export type ErrorBody = z.output<typeof errorBodySchema>;
