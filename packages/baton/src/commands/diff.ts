import type { JsonValue } from "@baton-ts/protocol";
import type { CommandContext } from "../cli/context.js";
import { ConsoleTable } from "../cli/table.js";
import { requireTwoFullSyncs } from "../model/diff-syncs.js";
import { keyOf, keyText, Lookups } from "../model/lookups.js";
import { OutputJson } from "../model/outputs.js";

const KINDS = ["resources", "entitlements", "grants"] as const;
const CHANGES = ["created", "deleted", "modified"] as const;

/**
 * `baton diff`: the latest finished full sync against the previous one, as C1ZDiffOutput (resources keyed
 * by type:id, entitlements and grants by id; "modified" when the messages differ). Go's CLI prints JSON
 * whatever -o says, so scripts get JSON unless `-o console` is given explicitly. Streamed: each list is
 * read and printed row by row.
 */
export async function diffCommand(ctx: CommandContext, consoleAsked: boolean): Promise<void> {
  const file = await ctx.openFile();
  try {
    const { base, applied } = requireTwoFullSyncs(file);
    const diff = file.iterateDiff(base.id, applied.id);
    if (!consoleAsked) {
      const json = new OutputJson(new Lookups(file, applied.id), ctx.unknownAnnotation);
      const encode = {
        resources: (item: never) => json.resource(item),
        entitlements: (item: never) => json.entitlement(item),
        grants: (item: never) => json.grant(item),
      };
      let text = "{";
      for (const [kindIndex, kind] of KINDS.entries()) {
        text += `${kindIndex === 0 ? "" : ","}${JSON.stringify(kind)}:{`;
        let lists = 0;
        for (const change of CHANGES) {
          let count = 0;
          for (const item of diff[kind][change]) {
            text += `${count === 0 ? `${lists++ === 0 ? "" : ","}${JSON.stringify(change)}:[` : ","}${JSON.stringify(encode[kind](item as never) as JsonValue)}`;
            count++;
            if (text.length > 64 * 1024) {
              await ctx.out.write(text);
              text = "";
            }
          }
          if (count > 0) text += "]";
        }
        text += "}";
      }
      await ctx.out.write(`${text}}\n`);
      return;
    }
    await ctx.out.write(`Changes from sync ${base.id} to sync ${applied.id}\n\n`);
    const table = new ConsoleTable(
      ctx.out,
      [
        { header: "Change", kind: "text" },
        { header: "Kind", kind: "text" },
        { header: "ID", kind: "id" },
        { header: "Name", kind: "text" },
      ],
      ctx.width,
      "No changes.",
    );
    for (const change of CHANGES) {
      for (const resource of diff.resources[change])
        await table.add([change, "resource", keyText(keyOf(resource)), resource.displayName]);
      for (const entitlement of diff.entitlements[change])
        await table.add([change, "entitlement", entitlement.id, entitlement.displayName]);
      for (const grant of diff.grants[change]) await table.add([change, "grant", grant.id, ""]);
    }
    await table.end();
  } finally {
    file.close();
  }
}
