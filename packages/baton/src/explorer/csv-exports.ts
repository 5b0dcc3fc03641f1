import type { ResourceKey } from "@baton-ts/c1z";
import { stringify } from "csv-stringify/sync";
import { effectiveAccess } from "../model/access.js";
import { entitlementName, resourceName } from "../model/labels.js";
import { keyOf, keyText } from "../model/lookups.js";
import { provenanceOf } from "../model/provenance.js";
import { primaryEmail, userTraitOf } from "../model/traits.js";
import type { ExplorerViews } from "./views.js";

const row = (cells: string[]) => stringify([cells]);

/** Who holds one entitlement, one row per grant, streamed from the entitlement index. */
export function* holdersCsv(views: ExplorerViews, entitlementId: string): Generator<string> {
  const entitlement = views.lookups.requireEntitlement(entitlementId);
  yield row([
    "Entitlement",
    "Principal Type",
    "Principal ID",
    "Principal Name",
    "Email",
    "How",
    "Via",
    "Grant ID",
  ]);
  for (const grant of views.file.iterateGrants({ syncId: views.syncId, entitlementId })) {
    const key = keyOf(grant.principal);
    const principal = views.lookups.findResource(key);
    const provenance = provenanceOf(grant);
    yield row([
      entitlement.id,
      key.resourceType,
      key.resource,
      resourceName(principal, key),
      primaryEmail(userTraitOf(principal)),
      provenance.direct ? "direct" : "derived",
      provenance.via.join(" "),
      grant.id,
    ]);
  }
}

/** The effective access of one principal, one row per grant. */
export function* accessCsv(views: ExplorerViews, principal: ResourceKey): Generator<string> {
  views.lookups.requireResource(principal);
  yield row([
    "Principal",
    "Resource Type",
    "Resource ID",
    "Resource Name",
    "Entitlement",
    "Entitlement Name",
    "How",
    "Via",
    "Grant ID",
  ]);
  for (const group of effectiveAccess(views.file, views.lookups, principal).access) {
    for (const entry of group.entries) {
      yield row([
        keyText(principal),
        group.key.resourceType,
        group.key.resource,
        resourceName(group.resource, group.key),
        entry.entitlement.id,
        entitlementName(entry.entitlement),
        entry.provenance.direct ? "direct" : "derived",
        entry.provenance.via.join(" "),
        entry.grant.id,
      ]);
    }
  }
}
