import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";

/** No top-level name: `metadata.name` is the warehouse type; `settings.name` may hold the display name. */
export const warehouseSchema = z.object({
  id: z.string().min(1),
  workspaceId: z.string().nullish(),
  enabled: z.boolean().nullish(),
  metadata: z
    .object({ id: z.string().nullish(), name: z.string().nullish(), slug: z.string().nullish() })
    .nullish(),
  settings: z.record(z.string(), z.unknown()).nullish(),
});
export type SegmentWarehouse = z.output<typeof warehouseSchema>;

/** `GET /warehouses` */
export const listWarehousesResponse = envelope(
  z.object({ warehouses: z.array(warehouseSchema), pagination: paginationSchema.nullish() }),
);
