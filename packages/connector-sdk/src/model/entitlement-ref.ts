import type { Entitlement } from "@baton-ts/protocol";
import { ConnectorError } from "../errors.js";

/** What an entitlement id `<resource type>:<resource id>:<slug>` names, read from its fields. */
export interface EntitlementRef {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly slug: string;
}

/**
 * The parts of an entitlement: the owner's type and id from its `resource`, the slug from `slug`, or,
 * when an entitlement carries none (older syncs, ConductorOne tasks), from its id after the
 * `<type>:<id>:` prefix. Never by splitting the id on ':' (ids may contain it). An entitlement that
 * gives neither is an invalid argument, named in the error.
 */
export const parseEntitlementRef = (entitlement: Entitlement): EntitlementRef => {
  const resourceType = entitlement.resource?.id?.resourceType ?? "";
  const resourceId = entitlement.resource?.id?.resource ?? "";
  const prefix = `${resourceType}:${resourceId}:`;
  const slug =
    entitlement.slug || (entitlement.id.startsWith(prefix) ? entitlement.id.slice(prefix.length) : "");
  if (resourceType === "" || resourceId === "" || slug === "") {
    throw new ConnectorError(
      "invalid-argument",
      `entitlement ${JSON.stringify(entitlement.id)} does not say which resource and slug it is ` +
        '(expected its resource id and a slug, or an id of the form "<resource type>:<resource id>:<slug>")',
    );
  }
  return { resourceType, resourceId, slug };
};
