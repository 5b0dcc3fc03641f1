import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import {
  type Entitlement,
  ResourceType_Trait,
  type UserTrait,
  UserTrait_Status_Status,
} from "@baton-ts/protocol";
import { stringify } from "csv-stringify/sync";
import type { CommandContext } from "../cli/context.js";
import { Out } from "../cli/io.js";
import { keyOf } from "../model/lookups.js";
import { primaryEmail, userTraitOf } from "../model/traits.js";

/** Go's `baton export csv` columns, in its order. */
export const EXPORT_CSV_HEADERS = [
  "Type",
  "Last Name",
  "First Name",
  "User ID",
  "User Status",
  "Email Address",
  "Entitlement Display Name",
  "Entitlement",
  "Resource Type",
  "Resource Name",
  "Entitlement Description",
  "Entitlement Slug",
];

/**
 * `baton export csv [--out ./sync.csv] [--sync-id]`: Go's upload CSV. Identity rows for every resource
 * with a user trait, an Entitlement row per entitlement, a Grant row per grant held by a user. Written
 * row by row (Go loads every table into memory first); rows come in storage order where Go's come in
 * map order.
 */
export async function exportCsvCommand(ctx: CommandContext, options: { out: string; syncId?: string }) {
  await ctx.withSync(options.syncId, async ({ file, syncId, lookups }) => {
    const stream = createWriteStream(options.out);
    const out = new Out(stream);
    const row = (cells: string[]) => out.write(stringify([cells]));
    let rows = 0;
    try {
      await row(EXPORT_CSV_HEADERS);
      const userTypes = lookups.resourceTypes.filter((type) => type.traits.includes(ResourceType_Trait.USER));
      for (const type of userTypes) {
        for (const resource of file.iterateResources({ syncId, resourceTypeId: type.id })) {
          const trait = userTraitOf(resource);
          if (!trait) continue;
          await row(["Identity", ...person(trait), userStatus(trait), primaryEmail(trait), ...blank(6)]);
          rows++;
        }
      }
      for (const entitlement of file.iterateEntitlements({ syncId })) {
        await row(["Entitlement", ...blank(5), ...entitlementCells(entitlement)]);
        rows++;
      }
      for (const grant of file.iterateGrants({ syncId })) {
        const trait = userTraitOf(lookups.findResource(keyOf(grant.principal)));
        if (!trait) continue;
        const entitlement = lookups.entitlement(grant.entitlement?.id ?? "", grant.entitlement);
        await row(["Grant", ...person(trait), "", primaryEmail(trait), ...entitlementCells(entitlement)]);
        rows++;
      }
    } finally {
      stream.end();
      await finished(stream);
    }
    await ctx.err.write(`baton: wrote ${rows} rows to ${options.out}\n`);
  });
}

/** `baton export c1z [--out ./latest.c1z] [--sync-id]`: a new c1z holding one sync (Baton's CloneSync). */
export async function exportC1zCommand(ctx: CommandContext, options: { out: string; syncId?: string }) {
  await ctx.withSync(options.syncId, async ({ file, syncId }) => {
    await file.exportSync(syncId, options.out);
    await ctx.err.write(`baton: wrote sync ${syncId} to ${options.out}\n`);
  });
}

const blank = (count: number) => Array.from({ length: count }, () => "");

/** Last name, first name and user id from the trait's profile, as Go reads them. */
function person(trait: UserTrait): string[] {
  const field = (name: string) => {
    const value = trait.profile?.[name];
    return typeof value === "string" ? value : "";
  };
  return [field("last_name"), field("first_name"), field("user_id")];
}

function userStatus(trait: UserTrait): string {
  if (!trait.status) return "Enabled";
  switch (trait.status.status) {
    case UserTrait_Status_Status.ENABLED:
      return "Enabled";
    case UserTrait_Status_Status.DISABLED:
      return "Disabled";
    case UserTrait_Status_Status.DELETED:
      return "Deleted";
    default:
      return "Unknown";
  }
}

function entitlementCells(entitlement: Entitlement): string[] {
  return [
    entitlement.displayName,
    entitlement.id,
    entitlement.resource?.id?.resourceType ?? "",
    entitlement.resource?.displayName ?? "",
    entitlement.description,
    entitlement.slug,
  ];
}
