import type { SyncRun } from "@baton-ts/c1z";
import { TimestampSchema, timestampFromDate, toJson } from "@baton-ts/protocol";
import type { CommandContext } from "../cli/context.js";
import { JsonList } from "../cli/json-list.js";
import { ConsoleTable } from "../cli/table.js";

/**
 * `baton syncs`: SyncListOutput, every sync run of the file, oldest first. (Go's CLI has no console
 * form for it and fails there; this prints a table.)
 */
export async function syncsCommand(ctx: CommandContext): Promise<void> {
  const file = await ctx.openFile();
  try {
    const runs = file.listSyncs();
    if (ctx.json) {
      const list = new JsonList(ctx.out, "syncs");
      for (const run of runs) await list.add(syncOutput(run));
      await list.end();
      return;
    }
    const table = new ConsoleTable(
      ctx.out,
      [
        { header: "Sync ID", kind: "id" },
        { header: "Type", kind: "id" },
        { header: "Started", kind: "id" },
        { header: "Ended", kind: "id" },
      ],
      ctx.width,
      "No syncs.",
    );
    for (const run of runs) {
      await table.add([
        run.id,
        run.type,
        run.startedAt.toISOString(),
        run.endedAt?.toISOString() ?? "(unfinished)",
      ]);
    }
    await table.end();
  } finally {
    file.close();
  }
}

/** SyncOutput{id=1, started_at=2, ended_at=3, sync_token=4, sync_type=5, parent_sync_id=6} */
export function syncOutput(run: SyncRun) {
  const time = (date: Date) => toJson(TimestampSchema, timestampFromDate(date));
  return {
    id: run.id,
    startedAt: time(run.startedAt),
    ...(run.endedAt ? { endedAt: time(run.endedAt) } : {}),
    ...(run.token ? { syncToken: run.token } : {}),
    ...(run.type ? { syncType: run.type } : {}),
    ...(run.parentSyncId ? { parentSyncId: run.parentSyncId } : {}),
  };
}
