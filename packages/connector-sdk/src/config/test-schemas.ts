import { z } from "zod";
import { secret } from "./meta.js";

/** A connector schema shaped like Segment's, for config tests. */
export const segmentLikeSchema = z.object({
  token: secret(z.string().min(1)).meta({
    description: "The Segment access token used to connect to the Segment API.",
  }),
  region: z.enum(["us", "eu"]).default("us").meta({ description: "The region of the Segment workspace" }),
  baseUrl: z
    .url()
    .optional()
    .meta({ description: "Another API host (a proxy, the simulator)", hidden: true }),
  pageSize: z.number().int().min(1).max(200).default(200).describe("Items per page"),
  labels: z.array(z.string()).optional().meta({ description: "Labels to sync" }),
  quiet: z.boolean().optional().meta({ description: "Print less", short: "q" }),
});
