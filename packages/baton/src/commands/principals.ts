import type { GrantQuery } from "@baton-ts/c1z";
import type { Resource } from "@baton-ts/protocol";
import type { CommandContext } from "../cli/context.js";
import { BatonCliError } from "../cli/errors.js";
import type { Lookups } from "../model/lookups.js";
import { printResources } from "./resources.js";

/**
 * `baton principals [-e entitlement | -r resource -t type] [--sync-id]`: the principals that hold grants
 * (ResourceListOutput), each once, in the order of their first grant.
 */
export async function principalsCommand(
  ctx: CommandContext,
  options: { entitlement?: string; resource?: string; resourceType?: string; syncId?: string },
): Promise<void> {
  if ((options.resource === undefined) !== (options.resourceType === undefined)) {
    throw new BatonCliError("principals takes -r <resource id> and -t <resource type> together");
  }
  await ctx.withSync(options.syncId, async ({ file, syncId, lookups }) => {
    const query: GrantQuery = { syncId };
    if (options.entitlement !== undefined) {
      lookups.requireEntitlement(options.entitlement);
      query.entitlementId = options.entitlement;
    } else if (options.resource !== undefined && options.resourceType !== undefined) {
      query.resource = { resourceType: options.resourceType, resource: options.resource };
      lookups.requireResource(query.resource);
    }
    await printResources(ctx, lookups, principalsOf(lookups, file.iterateGrantPrincipals(query)));
  });
}

function* principalsOf(lookups: Lookups, keys: Iterable<{ resourceType: string; resource: string }>) {
  for (const key of keys) yield lookups.resource(key) as Resource;
}
