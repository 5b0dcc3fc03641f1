import type { CommandContext } from "../cli/context.js";
import { BatonCliError } from "../cli/errors.js";
import { ConsoleTable } from "../cli/table.js";
import { effectiveAccess } from "../model/access.js";
import { entitlementName, provenanceText, resourceName } from "../model/labels.js";
import { keyText } from "../model/lookups.js";
import { OutputJson } from "../model/outputs.js";

/**
 * `baton access -t type -r id [--sync-id]`: the effective access of one principal, grouped by resource
 * (ResourceAccessListOutput), with how each grant is held. The JSON adds `grants` to each access entry
 * (the Grant messages behind `entitlements`, in the same order, with their `sources`): Go's CLI prints
 * entitlements only, which cannot say whether access is direct or through a group.
 */
export async function accessCommand(
  ctx: CommandContext,
  options: { resourceType?: string; resource?: string; syncId?: string },
): Promise<void> {
  if (options.resourceType === undefined || options.resource === undefined) {
    throw new BatonCliError("access needs the principal: -t <resource type> -r <resource id>");
  }
  const key = { resourceType: options.resourceType, resource: options.resource };
  await ctx.withSync(options.syncId, async ({ file, lookups }) => {
    const principal = lookups.requireResource(key);
    const { access } = effectiveAccess(file, lookups, key);
    if (ctx.json) {
      const json = new OutputJson(lookups, ctx.unknownAnnotation);
      const output = {
        principal: json.resource(principal),
        ...(access.length === 0
          ? {}
          : {
              access: access.map((group) => ({
                resourceType: json.resourceType(group.resourceType),
                resource: json.resource(group.resource),
                entitlements: group.entries.map((entry) => json.entitlement(entry.entitlement)),
                grants: group.entries.map((entry) => json.grant(entry.grant)),
              })),
            }),
      };
      await ctx.out.write(`${JSON.stringify(output)}\n`);
      return;
    }
    await ctx.out.write(`Effective access of ${resourceName(principal, key)} (${keyText(key)})\n\n`);
    const table = new ConsoleTable(
      ctx.out,
      [
        { header: "Resource", kind: "text" },
        { header: "Entitlement", kind: "text" },
        { header: "Entitlement ID", kind: "id" },
        { header: "How", kind: "text" },
        { header: "Grant ID", kind: "id" },
      ],
      ctx.width,
      "No access.",
    );
    for (const group of access) {
      for (const entry of group.entries) {
        await table.add([
          resourceName(group.resource, group.key),
          entitlementName(entry.entitlement),
          entry.entitlement.id,
          provenanceText(entry.provenance),
          entry.grant.id,
        ]);
      }
    }
    await table.end();
  });
}
