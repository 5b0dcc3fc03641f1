import type { C1zFile, ResourceKey, SyncRun } from "@baton-ts/c1z";
import {
  type Entitlement,
  type Resource,
  ResourceType_Trait,
  UserTrait_AccountType,
  UserTrait_Status_Status,
} from "@baton-ts/protocol";
import { BatonCliError } from "../cli/errors.js";
import { effectiveAccess } from "../model/access.js";
import { type DiffSyncs, latestTwoFullSyncs } from "../model/diff-syncs.js";
import { entitlementName, resourceName, traitNames, typeName } from "../model/labels.js";
import { keyOf, type Lookups } from "../model/lookups.js";
import { type Provenance, provenanceOf } from "../model/provenance.js";
import { isNonHuman, primaryEmail, userTraitOf } from "../model/traits.js";
import type {
  AccessView,
  Change,
  ChangeKind,
  ChangesView,
  EntitlementRef,
  EntitlementView,
  Holder,
  HowHeld,
  Overview,
  ResourceDetails,
  ResourceRef,
  ResourceView,
  SyncInfo,
} from "./api-types.js";

const PAGE = 50;
const TOP_ENTITLEMENTS = 10;
const NON_HUMAN_SHOWN = 50;

/**
 * What each explorer page shows, read from the file for that page only: one page of rows through an
 * index, plus point reads for names. The overview and the rows that differ between the last two syncs
 * are found once when the explorer starts (the file is read-only, so they cannot change).
 */
export class ExplorerViews {
  readonly diffSyncs: DiffSyncs | undefined;
  #overview: Overview | undefined;

  constructor(
    readonly file: C1zFile,
    readonly lookups: Lookups,
  ) {
    const applied = latestTwoFullSyncs(file);
    this.diffSyncs = applied?.applied.id === lookups.syncId ? applied : undefined;
    // Found once, so that each page of "what changed" is an index read, not a scan of the grants.
    if (this.diffSyncs) file.prepareDiff(this.diffSyncs.base.id, this.diffSyncs.applied.id);
  }

  get syncId(): string {
    return this.lookups.syncId;
  }

  overview(): Overview {
    this.#overview ??= this.#computeOverview();
    return this.#overview;
  }

  #computeOverview(): Overview {
    const { file, lookups } = this;
    const stats = file.stats(this.syncId);
    const runs = file.listSyncs();
    const sync = runs.find((run) => run.id === this.syncId) as SyncRun;
    const nonHuman: Overview["nonHuman"] = [];
    let nonHumanTotal = 0;
    // Non-human identities: user-trait resources whose account type is service or system. Found once
    // here by reading each user resource (the overview is computed once per explorer run).
    for (const type of lookups.resourceTypes.filter((t) => t.traits.includes(ResourceType_Trait.USER))) {
      for (const resource of file.iterateResources({ syncId: this.syncId, resourceTypeId: type.id })) {
        const trait = userTraitOf(resource);
        if (!isNonHuman(trait)) continue;
        nonHumanTotal++;
        if (nonHuman.length < NON_HUMAN_SHOWN) {
          nonHuman.push({
            principal: this.ref(resource),
            accountType: trait?.accountType === UserTrait_AccountType.SYSTEM ? "system" : "service",
            status: statusText(trait?.status?.status),
            login: trait?.login ?? "",
          });
        }
      }
    }
    return {
      file: file.path,
      sync: syncInfo(sync),
      syncs: runs.length,
      ...(this.diffSyncs ? { previousSync: syncInfo(this.diffSyncs.base) } : {}),
      types: lookups.resourceTypes.map((type) => ({
        id: type.id,
        name: typeName(type),
        traits: traitNames(type)
          .split(", ")
          .filter(Boolean)
          .map((name) => name.replace(/^TRAIT_/, "").toLowerCase()),
        resources: stats.resources[type.id] ?? 0,
      })),
      entitlements: stats.entitlements,
      grants: stats.grants,
      topEntitlements: file.entitlementsByGrantCount(TOP_ENTITLEMENTS, this.syncId).map((row) => ({
        entitlement: this.entitlementRef(lookups.entitlement(row.entitlementId)),
        holders: row.grants,
      })),
      nonHuman,
      nonHumanTotal,
    };
  }

  search(query: string, type: string | undefined, page: string | undefined) {
    if (type) this.lookups.requireResourceType(type);
    const result = this.file.listResources({
      syncId: this.syncId,
      search: query,
      ...(type ? { resourceTypeId: type } : {}),
      pageSize: PAGE,
      pageToken: page,
    });
    return { items: result.items.map((resource) => this.ref(resource)), ...nextOf(result.nextPageToken) };
  }

  resource(key: ResourceKey, page: string | undefined): ResourceView {
    const resource = this.lookups.requireResource(key);
    const entitlements = this.file.listEntitlements({
      syncId: this.syncId,
      resource: key,
      pageSize: PAGE,
      pageToken: page,
    });
    return {
      resource: this.details(resource),
      entitlements: {
        items: entitlements.items.map((entitlement) => ({
          entitlement: this.entitlementRef(entitlement),
          holders: this.file.countGrants({ syncId: this.syncId, entitlementId: entitlement.id }),
        })),
        ...nextOf(entitlements.nextPageToken),
      },
      grantsHeld: this.file.countGrants({ syncId: this.syncId, principal: key }),
    };
  }

  entitlement(id: string, page: string | undefined): EntitlementView {
    const entitlement = this.lookups.requireEntitlement(id);
    const grants = this.file.listGrants({
      syncId: this.syncId,
      entitlementId: id,
      pageSize: PAGE,
      pageToken: page,
    });
    return {
      entitlement: { ...this.entitlementRef(entitlement), description: entitlement.description },
      holders: this.file.countGrants({ syncId: this.syncId, entitlementId: id }),
      page: {
        items: grants.items.map(
          (grant): Holder => ({
            principal: this.ref(this.lookups.resource(keyOf(grant.principal), grant.principal)),
            how: this.how(provenanceOf(grant)),
            grantId: grant.id,
          }),
        ),
        ...nextOf(grants.nextPageToken),
      },
    };
  }

  access(key: ResourceKey, page: string | undefined): AccessView {
    const principal = this.lookups.requireResource(key);
    const result = effectiveAccess(this.file, this.lookups, key, {
      pageSize: PAGE * 4,
      ...(page ? { pageToken: page } : {}),
    });
    return {
      principal: this.details(principal),
      grants: this.file.countGrants({ syncId: this.syncId, principal: key }),
      page: {
        items: result.access.map((group) => ({
          resource: this.ref(group.resource),
          entries: group.entries.map((entry) => ({
            entitlement: this.entitlementRef(entry.entitlement),
            how: this.how(entry.provenance),
            grantId: entry.grant.id,
          })),
        })),
        ...nextOf(result.nextPageToken),
      },
    };
  }

  changes(kind: ChangeKind, change: Change, page: string | undefined): ChangesView {
    if (!this.diffSyncs) return { kind, change, page: { items: [] } };
    const { base, applied } = this.diffSyncs;
    const result = this.file.listDiff(kind, change, base.id, applied.id, { pageSize: PAGE, pageToken: page });
    // Deleted items no longer exist in the sync shown, so their names come from the message itself.
    const items = result.items.map((item) => {
      if (kind === "resources") {
        const resource = item as Resource;
        return {
          id: `${resource.id?.resourceType}:${resource.id?.resource}`,
          label: resourceName(resource),
          resource: this.ref(resource),
        };
      }
      if (kind === "entitlements") {
        const entitlement = item as Entitlement;
        return { id: entitlement.id, label: entitlementName(entitlement) };
      }
      const grant = item as { id: string; principal?: Resource; entitlement?: Entitlement };
      const principal = this.lookups.findResource(keyOf(grant.principal)) ?? grant.principal;
      const entitlement = this.lookups.findEntitlement(grant.entitlement?.id ?? "");
      const what = entitlement
        ? `${resourceName(this.lookups.resource(keyOf(entitlement.resource), entitlement.resource))} · ${entitlementName(entitlement)}`
        : (grant.entitlement?.id ?? "");
      return {
        id: grant.id,
        label: `${resourceName(principal, keyOf(grant.principal))}: ${what}`,
        resource: this.ref(principal),
      };
    });
    return {
      base: syncInfo(base),
      applied: syncInfo(applied),
      kind,
      change,
      page: { items, ...nextOf(result.nextPageToken) },
    };
  }

  ref(resource: Resource | undefined): ResourceRef {
    const key = keyOf(resource);
    const known = this.lookups.findResource(key) ?? resource;
    return {
      type: key.resourceType,
      id: key.resource,
      name: resourceName(known, key),
      typeName: typeName(this.lookups.resourceType(key.resourceType)),
    };
  }

  entitlementRef(entitlement: Entitlement): EntitlementRef {
    return {
      id: entitlement.id,
      name: entitlementName(entitlement),
      slug: entitlement.slug,
      resource: this.ref(this.lookups.resource(keyOf(entitlement.resource), entitlement.resource)),
    };
  }

  how(provenance: Provenance): HowHeld {
    return {
      direct: provenance.direct,
      via: provenance.via.map((id) => this.entitlementRef(this.lookups.entitlement(id))),
    };
  }

  details(resource: Resource): ResourceDetails {
    const trait = userTraitOf(resource);
    const parent = resource.parentResourceId;
    return {
      ...this.ref(resource),
      description: resource.description,
      ...(parent ? { parent: this.ref(this.lookups.resource(parent)) } : {}),
      ...(trait
        ? {
            email: primaryEmail(trait),
            login: trait.login,
            status: statusText(trait.status?.status),
            accountType: accountTypeText(trait.accountType),
          }
        : {}),
    };
  }
}

export function syncInfo(run: SyncRun): SyncInfo {
  return {
    id: run.id,
    type: run.type,
    startedAt: run.startedAt.toISOString(),
    ...(run.endedAt ? { endedAt: run.endedAt.toISOString() } : {}),
  };
}

const nextOf = (token: string | undefined): { next?: string } => (token === undefined ? {} : { next: token });

function statusText(status: UserTrait_Status_Status | undefined): string {
  switch (status) {
    case UserTrait_Status_Status.ENABLED:
      return "enabled";
    case UserTrait_Status_Status.DISABLED:
      return "disabled";
    case UserTrait_Status_Status.DELETED:
      return "deleted";
    default:
      return "unknown";
  }
}

function accountTypeText(type: UserTrait_AccountType): string {
  return (
    {
      [UserTrait_AccountType.HUMAN]: "human",
      [UserTrait_AccountType.SERVICE]: "service",
      [UserTrait_AccountType.SYSTEM]: "system",
    }[type as number] ?? "unspecified"
  );
}

export function requireParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === "") throw new BatonCliError(`missing query parameter "${name}"`);
  return value;
}
