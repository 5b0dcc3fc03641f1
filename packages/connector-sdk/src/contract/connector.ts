import type { z } from "zod";
import type { CallContext, ConnectContext } from "./context.js";
import type { ResourceTypeDefinition } from "./resource-type.js";

export interface ConnectorMetadataInput {
  readonly displayName: string;
  readonly description: string;
  readonly helpUrl?: string;
}

/**
 * A connector: one typed definition. Capabilities are derived from it (sync for every type,
 * provision where `grant`/`revoke` exist), never declared twice.
 */
export interface ConnectorDefinition<TConfig extends z.ZodObject = z.ZodObject, TClient = unknown> {
  /** Short id, e.g. `segment`; the program is `baton-<id>`. */
  readonly id: string;
  readonly version: string;
  readonly metadata: ConnectorMetadataInput;
  /** The connector's own settings; Baton's base settings are added by the sdk. */
  readonly config: TConfig;
  /** Builds the client every call receives, from the parsed config. No network I/O here. */
  connect(config: z.output<TConfig>, ctx: ConnectContext): TClient | Promise<TClient>;
  /** Checks the credentials with one cheap call; throws a ConnectorError that explains a failure. */
  validate(client: TClient, ctx: CallContext): Promise<void>;
  readonly resourceTypes: readonly ResourceTypeDefinition<TClient>[];
  /**
   * What a sync does with a grant on an entitlement that no entitlements() call returned: `fail`
   * (default: it is a bug in the connector) or `drop` it and count it in the summary, for APIs whose
   * holdings may name objects the sync cannot list (deleted, or outside the token's view).
   */
  readonly unlistedEntitlementGrants?: "fail" | "drop";
}

/** Identity helper that keeps the config and client types connected. */
export const defineConnector = <TConfig extends z.ZodObject, TClient>(
  definition: ConnectorDefinition<TConfig, TClient>,
): ConnectorDefinition<TConfig, TClient> => definition;

// biome-ignore lint/suspicious/noExplicitAny: a definition of any config and client, for registries and the engine.
export type AnyConnectorDefinition = ConnectorDefinition<z.ZodObject, any>;

/**
 * A connector and the client its `connect` returned, typed together: what the engine's entry points
 * (runSync, provisionGrant, provisionRevoke, grantEntitlement, revokeGrant) take. The client type is
 * inferred from the connector only (NoInfer), so passing another connector's client is a compile error.
 * Without a type argument it is any connector with any client (the program layer's registries).
 */
// biome-ignore lint/suspicious/noExplicitAny: the default is deliberately any connector and any client.
export interface ConnectorWithClient<TClient = any> {
  readonly connector: ConnectorDefinition<z.ZodObject, TClient>;
  /** What the connector's `connect` returned. */
  readonly client: NoInfer<TClient>;
}
