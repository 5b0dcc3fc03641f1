import type { CommandContext } from "../cli/context.js";
import { JsonList } from "../cli/json-list.js";
import { ConsoleTable } from "../cli/table.js";
import { resourceName, typeName } from "../model/labels.js";
import { keyOf } from "../model/lookups.js";
import { OutputJson } from "../model/outputs.js";

/** `baton entitlements [-t type] [--sync-id]`: EntitlementListOutput, filtered by the resource's type. */
export async function entitlementsCommand(
  ctx: CommandContext,
  options: { resourceType?: string; syncId?: string },
): Promise<void> {
  await ctx.withSync(options.syncId, async ({ file, syncId, lookups }) => {
    if (options.resourceType !== undefined) lookups.requireResourceType(options.resourceType);
    const entitlements = file.iterateEntitlements({ syncId, resourceTypeId: options.resourceType });
    if (ctx.json) {
      const json = new OutputJson(lookups, ctx.unknownAnnotation);
      const list = new JsonList(ctx.out, "entitlements");
      for (const entitlement of entitlements) await list.add(json.entitlementOutput(entitlement));
      await list.end();
      return;
    }
    const table = new ConsoleTable(
      ctx.out,
      [
        { header: "Entitlement ID", kind: "id" },
        { header: "Display name", kind: "text" },
        { header: "Resource type", kind: "text" },
        { header: "Resource", kind: "text" },
        { header: "Slug", kind: "text" },
      ],
      ctx.width,
      "No entitlements.",
    );
    for (const entitlement of entitlements) {
      const key = keyOf(entitlement.resource);
      await table.add([
        entitlement.id,
        entitlement.displayName,
        typeName(lookups.resourceType(key.resourceType)),
        resourceName(lookups.findResource(key) ?? entitlement.resource, key),
        entitlement.slug,
      ]);
    }
    await table.end();
  });
}
