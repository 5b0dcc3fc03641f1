import type { CommandContext } from "../cli/context.js";
import { ConsoleTable } from "../cli/table.js";

/**
 * `baton stats [--sync-id]`: Baton's Stats() counts (resource_types, one entry per resource type id,
 * entitlements, grants), sorted by key as Go's table is. Go prints a table only; `-o json` prints the
 * same counts as one JSON object.
 */
export async function statsCommand(ctx: CommandContext, options: { syncId?: string }): Promise<void> {
  await ctx.withSync(options.syncId, async ({ file, syncId }) => {
    const stats = file.stats(syncId);
    const counts: Record<string, number> = {
      resource_types: stats.resourceTypes,
      ...stats.resources,
      entitlements: stats.entitlements,
      grants: stats.grants,
    };
    const sorted = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (ctx.json) {
      await ctx.out.write(`${JSON.stringify(Object.fromEntries(sorted))}\n`);
      return;
    }
    const table = new ConsoleTable(
      ctx.out,
      [
        { header: "Type", kind: "id" },
        { header: "Count", kind: "id" },
      ],
      ctx.width,
      "Nothing counted.",
    );
    for (const [key, count] of sorted) await table.add([key, String(count)]);
    await table.end();
  });
}
