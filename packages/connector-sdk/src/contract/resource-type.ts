import type { Entitlement, Grant, Resource, ResourceId } from "@baton-ts/protocol";
import type { EntitlementRef } from "../model/entitlement-ref.js";
import type { CallContext } from "./context.js";
import type { Page } from "./page.js";
import type { GrantOutcome, RevokeOutcome } from "./provisioning.js";

export type TraitName = "user" | "group" | "role" | "app";

export interface ListArgs {
  /** Set when this type is a declared child of another type: the parent resource's id. */
  readonly parent?: ResourceId | undefined;
  readonly cursor?: string | undefined;
}

export interface ResourceArgs {
  /** The full resource as stored by the sync. */
  readonly resource: Resource;
  readonly cursor?: string | undefined;
}

/** What a grant or revoke is about, parsed and checked by the engine. */
export interface ProvisionTarget {
  /** The full principal resource, read from the c1z (or the task). */
  readonly principal: Resource;
  /** Its id (type and id always set). */
  readonly principalId: ResourceId;
  /** The full entitlement, read from the c1z (or the task); its resource is of this type. */
  readonly entitlement: Entitlement;
  /** The entitlement's resource type, resource id and slug: nothing to parse in the connector. */
  readonly entitlementRef: EntitlementRef;
}

/**
 * What grant() receives. The engine always sets `principalId` and `entitlementRef`; they are optional
 * only so that arguments built by hand (tests calling a definition directly) stay valid.
 * `provisionTargetOf(args)` gives all four, whoever built the arguments.
 */
export interface GrantArgs {
  readonly principal: Resource;
  readonly entitlement: Entitlement;
  readonly principalId?: ResourceId | undefined;
  readonly entitlementRef?: EntitlementRef | undefined;
}

/**
 * What revoke() receives: the grant, and (always set by the engine, optional for arguments built by
 * hand) its principal and entitlement, full and parsed. `provisionTargetOf(args)` gives them.
 */
export interface RevokeArgs {
  /** The full grant (entitlement and principal completed from the c1z); its sources tell inherited from direct. */
  readonly grant: Grant;
  readonly principal?: Resource | undefined;
  readonly entitlement?: Entitlement | undefined;
  readonly principalId?: ResourceId | undefined;
  readonly entitlementRef?: EntitlementRef | undefined;
}

/**
 * One resource type of a connector. `TClient` is whatever the connector's `connect` returns
 * (usually its typed API client).
 */
export interface ResourceTypeDefinition<TClient> {
  /** Stable public id, e.g. `user`; see docs/data-model. */
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  readonly traits?: readonly TraitName[];
  /**
   * Types whose resources are listed only under a resource of this type (Baton's
   * ChildResourceType). The engine annotates each resource of this type and lists each child type
   * once per parent; child types are never listed top-level.
   */
  readonly children?: readonly string[];
  /** The engine neither lists entitlements nor grants for this type. */
  readonly skipEntitlementsAndGrants?: boolean;

  list(client: TClient, args: ListArgs, ctx: CallContext): Promise<Page<Resource>>;
  entitlements?(client: TClient, args: ResourceArgs, ctx: CallContext): Promise<Page<Entitlement>>;
  grants?(client: TClient, args: ResourceArgs, ctx: CallContext): Promise<Page<Grant>>;

  /** Grants an entitlement of a resource of this type. Makes the type provisionable. */
  grant?(client: TClient, args: GrantArgs, ctx: CallContext): Promise<GrantOutcome>;
  /** Revokes a grant on an entitlement of a resource of this type. */
  revoke?(client: TClient, args: RevokeArgs, ctx: CallContext): Promise<RevokeOutcome>;
}
