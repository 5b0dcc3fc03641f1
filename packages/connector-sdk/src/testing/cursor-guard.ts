import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { Page } from "../contract/page.js";
import type { ResourceTypeDefinition } from "../contract/resource-type.js";
import { ContractError } from "../errors.js";

/**
 * Wraps a connector so that every listing's cursors are recorded: a cursor that comes back after
 * other pages (a loop the engine's "same as the current page token" check cannot see) stops the sync
 * with a ContractError instead of paging forever. The kit's contract check runs connectors through it.
 */
export const guardCursors = (connector: AnyConnectorDefinition): AnyConnectorDefinition => {
  const seen = new Map<string, Set<string>>();
  const check = (chain: string, cursor: string | undefined, page: Page<unknown>): void => {
    if (cursor === undefined) seen.set(chain, new Set());
    const next = page?.nextCursor;
    if (next === undefined || next === "") {
      seen.delete(chain);
      return;
    }
    const cursors = seen.get(chain) ?? new Set<string>();
    if (cursors.has(next)) {
      throw new ContractError(
        `${chain}: cursor ${JSON.stringify(next)} came back after other pages (a paging loop); cursors must advance`,
      );
    }
    cursors.add(next);
    seen.set(chain, cursors);
  };
  // biome-ignore lint/suspicious/noExplicitAny: wraps definitions of any client type.
  const wrap = (def: ResourceTypeDefinition<any>): ResourceTypeDefinition<any> => {
    const { entitlements, grants } = def;
    return {
      ...def,
      list: async (client, args, ctx) => {
        const page = await def.list(client, args, ctx);
        const parent =
          args.parent === undefined ? "" : ` under ${args.parent.resourceType}:${args.parent.resource}`;
        check(`list() of type ${def.id}${parent}`, args.cursor, page);
        return page;
      },
      ...(entitlements === undefined
        ? {}
        : {
            entitlements: async (client, args, ctx) => {
              const page = await entitlements(client, args, ctx);
              check(
                `entitlements() of ${args.resource.id?.resourceType}:${args.resource.id?.resource}`,
                args.cursor,
                page,
              );
              return page;
            },
          }),
      ...(grants === undefined
        ? {}
        : {
            grants: async (client, args, ctx) => {
              const page = await grants(client, args, ctx);
              check(
                `grants() of ${args.resource.id?.resourceType}:${args.resource.id?.resource}`,
                args.cursor,
                page,
              );
              return page;
            },
          }),
    };
  };
  return { ...connector, resourceTypes: connector.resourceTypes.map(wrap) };
};
