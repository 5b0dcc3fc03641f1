import { z } from "zod";
import { envelope } from "./envelope.js";

/** `GET /` → the workspace the token belongs to. */
export const workspaceResponse = envelope(
  z.object({
    workspace: z.object({ id: z.string().min(1), slug: z.string().nullish(), name: z.string().nullish() }),
  }),
);
export type SegmentWorkspace = z.output<typeof workspaceResponse>["data"]["workspace"];
