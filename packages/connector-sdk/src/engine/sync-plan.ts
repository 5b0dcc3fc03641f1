import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { ResourceTypeDefinition } from "../contract/resource-type.js";
import { closestMatch } from "../did-you-mean.js";
import { ConfigError } from "../errors.js";
import type { SyncOptionsRecord } from "./sync-state.js";

// biome-ignore lint/suspicious/noExplicitAny: the engine runs definitions of any client type.
export type AnyResourceTypeDefinition = ResourceTypeDefinition<any>;

/** What a sync lists, derived once from the definition and the options. */
export interface SyncPlan {
  readonly byId: ReadonlyMap<string, AnyResourceTypeDefinition>;
  /** Types synced, in definition order. */
  readonly types: readonly AnyResourceTypeDefinition[];
  /** Types listed without a parent (not a declared child of any type). */
  readonly topLevel: readonly AnyResourceTypeDefinition[];
  /** For each synced parent type: its synced child types, listed once per parent resource. */
  readonly childListings: ReadonlyMap<string, readonly string[]>;
  /** Types whose resources get their entitlements listed. */
  readonly entitlementTypes: readonly AnyResourceTypeDefinition[];
  /** Types whose resources get their grants listed. */
  readonly grantTypes: readonly AnyResourceTypeDefinition[];
  readonly options: SyncOptionsRecord;
}

/**
 * `resourceTypes` narrows the sync to some types plus what they need: the ancestors of a child type
 * (children are only ever listed under their parents). Unknown names are a ConfigError with a hint.
 */
export const planSync = (connector: AnyConnectorDefinition, options: SyncOptionsRecord): SyncPlan => {
  const byId = new Map(connector.resourceTypes.map((type) => [type.id, type]));
  const parentsOf = new Map<string, string[]>();
  for (const type of connector.resourceTypes) {
    for (const child of type.children ?? []) parentsOf.set(child, [...(parentsOf.get(child) ?? []), type.id]);
  }

  let selected: Set<string>;
  if (options.types.length === 0) {
    selected = new Set(byId.keys());
  } else {
    const unknown = options.types.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      const known = [...byId.keys()];
      const hints = unknown.map((id) => {
        const near = closestMatch(id, known);
        return near === undefined
          ? JSON.stringify(id)
          : `${JSON.stringify(id)} (did you mean ${JSON.stringify(near)}?)`;
      });
      throw new ConfigError(
        `unknown resource type ${hints.join(", ")} in --sync-resource-types / BATON_SYNC_RESOURCE_TYPES; ` +
          `this connector has: ${known.join(", ")}`,
      );
    }
    selected = new Set<string>();
    const add = (id: string): void => {
      if (selected.has(id)) return;
      selected.add(id);
      for (const parent of parentsOf.get(id) ?? []) add(parent);
    };
    for (const id of options.types) add(id);
  }

  const types = connector.resourceTypes.filter((type) => selected.has(type.id));
  const childListings = new Map<string, string[]>();
  for (const type of types) {
    const children = (type.children ?? []).filter((child) => selected.has(child));
    if (children.length > 0) childListings.set(type.id, children);
  }
  const listsFor = (kind: "entitlements" | "grants") =>
    options.skipEntitlementsAndGrants || (kind === "grants" && options.skipGrants)
      ? []
      : types.filter((type) => type[kind] !== undefined && !type.skipEntitlementsAndGrants);
  return {
    byId,
    types,
    topLevel: types.filter((type) => !parentsOf.has(type.id)),
    childListings,
    entitlementTypes: listsFor("entitlements"),
    grantTypes: listsFor("grants"),
    options,
  };
};
