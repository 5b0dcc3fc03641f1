import type { Resource } from "@baton-ts/protocol";
import type { CommandContext } from "../cli/context.js";
import { JsonList } from "../cli/json-list.js";
import { ConsoleTable } from "../cli/table.js";
import { resourceName, typeName } from "../model/labels.js";
import { keyText, type Lookups } from "../model/lookups.js";
import { OutputJson } from "../model/outputs.js";

/** `baton resources [-t type] [--sync-id]`: ResourceListOutput. */
export async function resourcesCommand(
  ctx: CommandContext,
  options: { resourceType?: string; syncId?: string },
): Promise<void> {
  await ctx.withSync(options.syncId, async ({ file, syncId, lookups }) => {
    if (options.resourceType !== undefined) lookups.requireResourceType(options.resourceType);
    await printResources(
      ctx,
      lookups,
      file.iterateResources({ syncId, resourceTypeId: options.resourceType }),
    );
  });
}

/** Prints resources as ResourceListOutput (JSON) or a table with the ids to paste into other commands. */
export async function printResources(ctx: CommandContext, lookups: Lookups, resources: Iterable<Resource>) {
  if (ctx.json) {
    const json = new OutputJson(lookups, ctx.unknownAnnotation);
    const list = new JsonList(ctx.out, "resources");
    for (const resource of resources) await list.add(json.resourceOutput(resource));
    await list.end();
    return;
  }
  const table = new ConsoleTable(ctx.out, resourceColumns, ctx.width, "No resources.");
  for (const resource of resources) await table.add(resourceRow(lookups, resource));
  await table.end();
}

export const resourceColumns = [
  { header: "Type", kind: "id" },
  { header: "ID", kind: "id" },
  { header: "Display name", kind: "text" },
  { header: "Parent", kind: "text" },
] as const;

export function resourceRow(lookups: Lookups, resource: Resource): string[] {
  const parentId = resource.parentResourceId;
  const parent = parentId
    ? `${resourceName(lookups.findResource(parentId), parentId)} (${keyText(parentId)})`
    : "-";
  const type = resource.id?.resourceType ?? "";
  return [
    type,
    resource.id?.resource ?? "",
    resource.displayName || `(${typeName(lookups.resourceType(type))})`,
    parent,
  ];
}
