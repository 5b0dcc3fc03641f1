import type { C1zFile, ResourceKey } from "@baton-ts/c1z";
import type { Entitlement, Grant, Resource, ResourceType } from "@baton-ts/protocol";
import { keyOf, keyText, type Lookups } from "./lookups.js";
import { type Provenance, provenanceOf } from "./provenance.js";

/** One grant a principal holds, with its entitlement and how it is held. */
export interface AccessEntry {
  grant: Grant;
  entitlement: Entitlement;
  provenance: Provenance;
}

/** What a principal can do on one resource (Baton's ResourceAccessOutput, plus the grants behind it). */
export interface ResourceAccess {
  key: ResourceKey;
  resource: Resource;
  resourceType: ResourceType;
  entries: AccessEntry[];
}

export interface AccessPage {
  access: ResourceAccess[];
  /** Set when the principal has more grants than one page held (explorer paging). */
  nextPageToken?: string;
}

/**
 * The effective access of one principal: its grants (read through the principal index, never the whole
 * grants table), grouped by the resource of each grant's entitlement in the order the grants were
 * stored, each with its provenance. Expansion has already written derived grants into the file, so the
 * principal's grants are its effective access; their sources say through which group or role.
 */
export function effectiveAccess(
  file: C1zFile,
  lookups: Lookups,
  principal: ResourceKey,
  page: { pageToken?: string; pageSize?: number } = {},
): AccessPage {
  const byResource = new Map<string, ResourceAccess>();
  const add = (grant: Grant) => {
    const entitlement = lookups.entitlement(grant.entitlement?.id ?? "", grant.entitlement);
    const key = keyOf(entitlement.resource ?? grant.entitlement?.resource);
    let group = byResource.get(keyText(key));
    if (!group) {
      group = {
        key,
        resource: lookups.resource(key, entitlement.resource),
        resourceType: lookups.resourceType(key.resourceType),
        entries: [],
      };
      byResource.set(keyText(key), group);
    }
    group.entries.push({ grant, entitlement, provenance: provenanceOf(grant) });
  };
  if (page.pageSize === undefined) {
    for (const grant of file.iterateGrants({ syncId: lookups.syncId, principal })) add(grant);
    return { access: [...byResource.values()] };
  }
  const grants = file.listGrants({ syncId: lookups.syncId, principal, ...page });
  for (const grant of grants.items) add(grant);
  return grants.nextPageToken === undefined
    ? { access: [...byResource.values()] }
    : { access: [...byResource.values()], nextPageToken: grants.nextPageToken };
}
