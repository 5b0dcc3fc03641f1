import { z } from "zod";

/** Every successful Segment response is `{"data": {...}}`. */
export const envelope = <T extends z.ZodType>(data: T) => z.object({ data });
