import { create, EntitlementSchema, ResourceSchema } from "@baton-ts/protocol";

/** An entitlement and a principal as a c1z or a grant task carries them (tests). */
export const leaseTarget = (entitlementId = "group:g1:member", principalId = "u1") => ({
  entitlement: create(EntitlementSchema, {
    id: entitlementId,
    displayName: "Member",
    resource: { id: { resourceType: "group", resource: entitlementId.split(":")[1] ?? "g1" } },
  }),
  principal: create(ResourceSchema, {
    id: { resourceType: "user", resource: principalId },
    displayName: `User ${principalId}`,
  }),
});
