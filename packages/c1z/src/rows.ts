/**
 * The row-level shape of the four object tables: the protobuf `data` blob plus the columns Baton
 * denormalises out of it (ids, parent, entitlement and principal keys, the sync id, so that readers can
 * query without decoding). The typed layer fills these from messages;
 * tools that already hold encoded bytes can write them directly.
 */
export interface ResourceTypeRow {
  /** ResourceType.id */
  externalId: string;
  data: Uint8Array;
}

export interface ResourceRow {
  /** "<resource_type>:<resource>" */
  externalId: string;
  resourceTypeId: string;
  parentResourceTypeId?: string | undefined;
  parentResourceId?: string | undefined;
  data: Uint8Array;
}

export interface EntitlementRow {
  /** Entitlement.id */
  externalId: string;
  /** From entitlement.resource.id */
  resourceTypeId: string;
  resourceId: string;
  data: Uint8Array;
}

export interface GrantRow {
  /** Grant.id */
  externalId: string;
  /** From grant.entitlement.resource.id */
  resourceTypeId: string;
  resourceId: string;
  entitlementId: string;
  /** From grant.principal.id */
  principalResourceTypeId: string;
  principalResourceId: string;
  data: Uint8Array;
}

export interface AssetRow {
  externalId: string;
  /** Falls back to "unknown" as in Baton. */
  contentType?: string | undefined;
  data: Uint8Array;
}

/** A resource address as the filters and point reads take it (ResourceId satisfies it). */
export interface ResourceKey {
  resourceType: string;
  resource: string;
}

/** The external_id of a resource row: the ResourceId joined with ":". */
export function resourceExternalId(key: ResourceKey): string {
  return `${key.resourceType}:${key.resource}`;
}

export type ObjectKind = "resourceTypes" | "resources" | "entitlements" | "grants";

/** Row filters; each applies only to the tables that have the column. */
export interface RowFilters {
  resourceTypeId?: string | undefined;
  /** resources: the parent; entitlements and grants: the resource the entitlement is on. */
  parent?: ResourceKey | undefined;
  resource?: ResourceKey | undefined;
  entitlementId?: string | undefined;
  principal?: ResourceKey | undefined;
  /** resources: a case-insensitive substring of the "type:id" key or of the display name. */
  search?: string | undefined;
}

/** Which side of a diff: only in the applied sync, only in the base sync, or in both with other data. */
export type DiffChange = "created" | "deleted" | "modified";

/** One page of a diff; for "modified", `base` holds the base sync's bytes of each row. */
export interface DiffPage {
  rows: { data: Uint8Array; base?: Uint8Array }[];
  nextPageToken?: string;
}

export interface EntitlementGrantCount {
  entitlementId: string;
  grants: number;
}

export interface RowPage {
  rows: Uint8Array[];
  nextPageToken?: string;
}

export interface RowCounts {
  resourceTypes: number;
  resources: number;
  entitlements: number;
  grants: number;
  assets: number;
}

export interface RowDiff {
  created: Iterable<Uint8Array>;
  deleted: Iterable<Uint8Array>;
  modified: Iterable<{ base: Uint8Array; applied: Uint8Array }>;
}

export interface IntegrityReport {
  grantsWithUnknownEntitlement: string[];
  grantsWithUnknownPrincipal: string[];
  entitlementsWithUnknownResource: string[];
}
