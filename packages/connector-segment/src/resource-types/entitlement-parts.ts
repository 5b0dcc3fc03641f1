import { ConnectorError } from "@baton-ts/connector-sdk";
import type { Entitlement } from "@baton-ts/protocol";

/**
 * The resource id and slug of an entitlement, from its structured fields (never by splitting a
 * display text, defect 16). The id's known prefix `<type>:<resourceId>:` backs up an empty slug.
 */
export const entitlementParts = (
  entitlement: Entitlement,
  expectedType: string,
): { readonly resourceId: string; readonly slug: string } => {
  const resourceId = entitlement.resource?.id?.resource ?? "";
  const type = entitlement.resource?.id?.resourceType ?? "";
  const prefix = `${type}:${resourceId}:`;
  const slug =
    entitlement.slug || (entitlement.id.startsWith(prefix) ? entitlement.id.slice(prefix.length) : "");
  if (type !== expectedType || resourceId === "" || slug === "") {
    throw new ConnectorError(
      "invalid-argument",
      `entitlement "${entitlement.id}" is not a ${expectedType} entitlement of this connector`,
    );
  }
  return { resourceId, slug };
};
