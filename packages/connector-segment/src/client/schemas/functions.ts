import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";

/** `GET /functions` requires one `resourceType`; a full listing calls once per value. */
export const FUNCTION_RESOURCE_TYPES = [
  "DESTINATION",
  "INSERT_DESTINATION",
  "INSERT_SOURCE",
  "INSERT_TRANSFORMATION",
  "SOURCE",
] as const;
export type FunctionResourceType = (typeof FUNCTION_RESOURCE_TYPES)[number];

/** Every field of a function is optional in the spec except what a permission needs: the id. */
export const functionSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  description: z.string().nullish(),
  resourceType: z.string().nullish(),
  createdAt: z.string().nullish(),
});
export type SegmentFunction = z.output<typeof functionSchema>;

export const listFunctionsResponse = envelope(
  z.object({ functions: z.array(functionSchema), pagination: paginationSchema.nullish() }),
);
