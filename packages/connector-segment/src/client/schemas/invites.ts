import { z } from "zod";
import { envelope } from "./envelope.js";
import { paginationSchema } from "./pagination.js";

/** `GET /invites` → pending invitees' emails only. */
export const listInvitesResponse = envelope(
  z.object({ invites: z.array(z.string()), pagination: paginationSchema.nullish() }),
);
