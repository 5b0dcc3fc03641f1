import type { Grant } from "@baton-ts/protocol";

/**
 * How a principal holds a grant. Baton's grant expansion records, on each grant it creates or extends,
 * the entitlements it came through (`sources`, keyed by entitlement id): a user who is a member of a
 * group that holds a role gets the role grant with the group's member entitlement as its source. A grant
 * the connector listed itself has no sources, or (newer SDKs, and when expansion also found it) its own
 * entitlement among them or a source marked `is_direct`.
 */
export interface Provenance {
  direct: boolean;
  /** Entitlement ids the grant was derived through (empty for a direct grant found by nothing else). */
  via: string[];
}

export function provenanceOf(grant: Grant): Provenance {
  const sources = grant.sources?.sources ?? {};
  const own = grant.entitlement?.id ?? "";
  const ids = Object.keys(sources);
  const via = ids.filter((id) => id !== own).sort();
  const direct = ids.length === 0 || own in sources || ids.some((id) => sources[id]?.isDirect === true);
  return { direct, via };
}
