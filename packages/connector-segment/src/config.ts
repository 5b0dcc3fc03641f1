import { isAcceptedBaseUrl, secret } from "@baton-ts/connector-sdk";
import { z } from "zod";
import { SEGMENT_BASE_URLS, type SegmentRegion } from "./client/segment-client.js";

/**
 * The connector's own settings (Baton's base settings are added by the sdk). `--token` /
 * `BATON_TOKEN` is the Go `baton-segment`'s; `--region` and `--base-url` are ours (the Go program
 * only knows the US host, defect 6).
 */
export const segmentConfig = z.object({
  token: secret(
    z.string().min(1).meta({
      description:
        "The Segment access token used to connect to the Segment API (a Public API token of a Workspace Owner)",
    }),
  ),
  region: z.enum(["us", "eu"]).default("us").meta({
    description: "Where the workspace is hosted: us (api.segmentapis.com) or eu (eu1.api.segmentapis.com)",
  }),
  baseUrl: z
    .string()
    .min(1)
    .refine(isAcceptedBaseUrl, {
      message:
        "the Segment base URL must be an https:// URL such as https://api.segmentapis.com (plain http only for loopback)",
    })
    .optional()
    .meta({
      flag: "base-url",
      description: "Segment API base URL, overriding --region (a proxy, or the simulator on loopback)",
    }),
});

export type SegmentConfig = z.output<typeof segmentConfig>;

/** `--base-url` wins; otherwise the region's host. */
export const segmentBaseUrl = (config: {
  region?: SegmentRegion | undefined;
  baseUrl?: string | undefined;
}): string => config.baseUrl ?? SEGMENT_BASE_URLS[config.region ?? "us"];
