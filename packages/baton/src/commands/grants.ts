import type { GrantQuery } from "@baton-ts/c1z";
import type { Grant } from "@baton-ts/protocol";
import type { CommandContext } from "../cli/context.js";
import { BatonCliError } from "../cli/errors.js";
import { JsonList } from "../cli/json-list.js";
import { type Column, ConsoleTable } from "../cli/table.js";
import { entitlementName, provenanceText, resourceName } from "../model/labels.js";
import { keyOf, keyText, type Lookups } from "../model/lookups.js";
import { OutputJson } from "../model/outputs.js";
import { provenanceOf } from "../model/provenance.js";

export interface GrantsOptions {
  entitlement?: string;
  resource?: string;
  resourceType?: string;
  syncId?: string;
}

/**
 * `baton grants [-e entitlement | -r resource -t type | -t type] [--sync-id]`: GrantListOutput. The
 * grants are read page by page through an index and printed as they come.
 */
export async function grantsCommand(ctx: CommandContext, options: GrantsOptions): Promise<void> {
  if (options.resource !== undefined && options.resourceType === undefined) {
    throw new BatonCliError("--resource needs --resource-type (-r <id> -t <type>)");
  }
  await ctx.withSync(options.syncId, async ({ file, syncId, lookups }) => {
    const query: GrantQuery = { syncId };
    if (options.entitlement !== undefined) {
      lookups.requireEntitlement(options.entitlement);
      query.entitlementId = options.entitlement;
    } else if (options.resource !== undefined && options.resourceType !== undefined) {
      lookups.requireResource({ resourceType: options.resourceType, resource: options.resource });
      query.resource = { resourceType: options.resourceType, resource: options.resource };
    } else if (options.resourceType !== undefined) {
      lookups.requireResourceType(options.resourceType);
      query.resourceTypeId = options.resourceType;
    }
    if (query.entitlementId !== undefined && !ctx.json) {
      const entitlement = lookups.requireEntitlement(query.entitlementId);
      await ctx.out.write(`Grants of ${entitlement.id} (${entitlementName(entitlement)})\n\n`);
    }
    await printGrants(ctx, lookups, file.iterateGrants(query), query.entitlementId === undefined);
  });
}

/** GrantListOutput, or a table (without the entitlement column when all rows share one, said above it). */
export async function printGrants(
  ctx: CommandContext,
  lookups: Lookups,
  grants: Iterable<Grant>,
  withEntitlement = true,
): Promise<void> {
  if (ctx.json) {
    const json = new OutputJson(lookups, ctx.unknownAnnotation);
    const list = new JsonList(ctx.out, "grants");
    for (const grant of grants) await list.add(json.grantOutput(grant));
    await list.end();
    return;
  }
  const columns: Column[] = [
    { header: "Entitlement", kind: "id" },
    { header: "Principal", kind: "id" },
    { header: "Principal name", kind: "text" },
    { header: "How", kind: "text" },
    { header: "Grant ID", kind: "id" },
  ];
  const table = new ConsoleTable(
    ctx.out,
    withEntitlement ? columns : columns.slice(1),
    ctx.width,
    "No grants.",
  );
  for (const grant of grants) {
    const principal = keyOf(grant.principal);
    await table.add([
      ...(withEntitlement ? [grant.entitlement?.id ?? ""] : []),
      keyText(principal),
      resourceName(lookups.findResource(principal) ?? grant.principal, principal),
      provenanceText(provenanceOf(grant)),
      grant.id,
    ]);
  }
  await table.end();
}
