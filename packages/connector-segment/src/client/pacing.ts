import type { PacingRule } from "@baton-ts/connector-sdk";

/** Every IAM write path (users, groups, the singular `/group/`, invites, labels). */
const IAM_WRITE_PATH = /^\/(users|groups?|invites|labels)(\/|$)/;

/** IAM writes (60/min at Segment) paced at `perSecond`, shared by every caller of the client. */
export const iamWritePacing = (perSecond = 1, burst = 1): PacingRule => ({
  name: "segment-iam-writes",
  methods: ["POST", "PUT", "PATCH", "DELETE"],
  path: IAM_WRITE_PATH,
  perSecond,
  burst,
});
