import { z } from "zod";
import { envelope } from "./envelope.js";
import { labelSchema } from "./permission.js";

/** `GET /labels` (not paginated). */
export const listLabelsResponse = envelope(z.object({ labels: z.array(labelSchema) }));
