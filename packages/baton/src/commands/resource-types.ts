import type { CommandContext } from "../cli/context.js";
import { JsonList } from "../cli/json-list.js";
import { ConsoleTable } from "../cli/table.js";
import { traitNames } from "../model/labels.js";
import { OutputJson } from "../model/outputs.js";

/** `baton resource-types [--sync-id]`: ResourceTypeListOutput. */
export async function resourceTypesCommand(ctx: CommandContext, options: { syncId?: string }): Promise<void> {
  await ctx.withSync(options.syncId, async ({ lookups }) => {
    const types = lookups.resourceTypes;
    if (ctx.json) {
      const json = new OutputJson(lookups, ctx.unknownAnnotation);
      const list = new JsonList(ctx.out, "resourceTypes");
      for (const type of types) await list.add(json.resourceTypeOutput(type));
      await list.end();
      return;
    }
    const table = new ConsoleTable(
      ctx.out,
      [
        { header: "ID", kind: "id" },
        { header: "Display name", kind: "text" },
        { header: "Traits", kind: "text" },
      ],
      ctx.width,
      "No resource types.",
    );
    for (const type of types) await table.add([type.id, type.displayName, traitNames(type)]);
    await table.end();
  });
}
