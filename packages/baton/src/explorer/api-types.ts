// The explorer's JSON API, shared by the server (src/explorer) and the browser app (src/ui). Shapes for
// showing, not Baton's messages: names resolved, provenance spelled out, ids always included.

export interface ResourceRef {
  type: string;
  id: string;
  name: string;
  typeName: string;
}

export interface EntitlementRef {
  id: string;
  name: string;
  slug: string;
  resource: ResourceRef;
}

/** How a principal holds a grant: directly, and/or through these entitlements (group or role memberships). */
export interface HowHeld {
  direct: boolean;
  via: EntitlementRef[];
}

export interface SyncInfo {
  id: string;
  type: string;
  startedAt: string;
  endedAt?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `page` for the next page. */
  next?: string;
}

export interface Overview {
  file: string;
  sync: SyncInfo;
  syncs: number;
  previousSync?: SyncInfo;
  types: { id: string; name: string; traits: string[]; resources: number }[];
  entitlements: number;
  grants: number;
  topEntitlements: { entitlement: EntitlementRef; holders: number }[];
  nonHuman: { principal: ResourceRef; accountType: string; status: string; login: string }[];
  nonHumanTotal: number;
}

export interface ResourceDetails extends ResourceRef {
  description: string;
  parent?: ResourceRef;
  email?: string;
  login?: string;
  status?: string;
  accountType?: string;
}

export interface ResourceView {
  resource: ResourceDetails;
  entitlements: Page<{ entitlement: EntitlementRef; holders: number }>;
  /** Grants this resource holds as a principal (its effective access has a page of its own). */
  grantsHeld: number;
}

export interface Holder {
  principal: ResourceRef;
  how: HowHeld;
  grantId: string;
}

export interface EntitlementView {
  entitlement: EntitlementRef & { description: string };
  holders: number;
  page: Page<Holder>;
}

export interface AccessEntry {
  entitlement: EntitlementRef;
  how: HowHeld;
  grantId: string;
}

export interface AccessView {
  principal: ResourceDetails;
  grants: number;
  page: Page<{ resource: ResourceRef; entries: AccessEntry[] }>;
}

export type ChangeKind = "resources" | "entitlements" | "grants";
export type Change = "created" | "deleted" | "modified";

export interface ChangeItem {
  id: string;
  label: string;
  /** Set for resources (to open them) and grants (the principal whose access changed). */
  resource?: ResourceRef;
}

export interface ChangesView {
  base?: SyncInfo;
  applied?: SyncInfo;
  kind: ChangeKind;
  change: Change;
  page: Page<ChangeItem>;
}

export interface ApiError {
  error: string;
}
