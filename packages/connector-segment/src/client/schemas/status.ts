import { z } from "zod";
import { envelope } from "./envelope.js";

/** The four delete endpoints answer `{"data":{"status":"SUCCESS"}}` (the enum's only value). */
export const statusResponse = envelope(z.object({ status: z.literal("SUCCESS") }));
