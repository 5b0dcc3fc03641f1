import { z } from "zod";
import { type AnyConnectorDefinition, defineConnector } from "../../src/contract/connector.js";
import type { Page } from "../../src/contract/page.js";
import type { ResourceTypeDefinition } from "../../src/contract/resource-type.js";
import {
  assignmentEntitlement,
  grant,
  groupResource,
  resourceId,
  userResource,
} from "../../src/model/index.js";

/**
 * A tiny access graph for engine tests: users, groups, and grants given as
 * `"<group>:<slug> <- <type>:<id>"` with optional expansion sources.
 */
export interface GraphSpec {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Entitlement slugs every group has (default ["member"]). */
  readonly slugs?: readonly string[];
  readonly grants: readonly {
    readonly on: string;
    readonly slug?: string;
    readonly to: string;
    readonly expandable?: { entitlementIds: string[]; shallow?: boolean; resourceTypeIds?: string[] };
  }[];
}

export const graphConnector = (spec: GraphSpec): AnyConnectorDefinition => {
  const user: ResourceTypeDefinition<unknown> = {
    id: "user",
    displayName: "User",
    traits: ["user"],
    list: async () => ({
      items: spec.users.map((id) => userResource({ type: "user", id, displayName: id, user: { login: id } })),
    }),
  };
  const group: ResourceTypeDefinition<unknown> = {
    id: "group",
    displayName: "Group",
    traits: ["group"],
    list: async () => ({
      items: spec.groups.map((id) => groupResource({ type: "group", id, displayName: id })),
    }),
    entitlements: async (_client, { resource }) => ({
      items: (spec.slugs ?? ["member"]).map((slug) =>
        assignmentEntitlement(resource, slug, { grantableTo: ["user", "group"] }),
      ),
    }),
    grants: async (_client, { resource }): Promise<Page<ReturnType<typeof grant>>> => ({
      items: spec.grants
        .filter((g) => g.on === resource.id?.resource)
        .map((g) => {
          const [type = "", id = ""] = g.to.split(":");
          return grant(
            resource,
            g.slug ?? "member",
            resourceId(type, id),
            g.expandable === undefined ? {} : { expandable: g.expandable },
          );
        }),
    }),
  };
  return defineConnector({
    id: "graph",
    version: "0.0.1",
    metadata: { displayName: "Graph", description: "test graph" },
    config: z.object({}),
    connect: () => ({}),
    validate: async () => {},
    resourceTypes: [user, group],
  });
};
