import type { Resource } from "@baton-ts/protocol";
import type { CommandContext } from "../cli/context.js";
import { BatonCliError } from "../cli/errors.js";
import { ConsoleTable } from "../cli/table.js";
import { resourceName } from "../model/labels.js";
import { keyOf, keyText, Lookups } from "../model/lookups.js";
import { OutputJson } from "../model/outputs.js";
import { userTraitOf } from "../model/traits.js";

/**
 * `baton principals compare -e <base entitlement> --compare-file <c1z> --compare-entitlement <id>`:
 * the holders of two entitlements, possibly in two files (PrincipalsCompareOutput). Principals match
 * as in Go's CLI: the same type and id; else, when both are users, a shared email address; else the
 * same display name (unless only one of them is a user). `missing` are base holders without a match,
 * `extra` compared holders without one.
 */
export async function principalsCompareCommand(
  ctx: CommandContext,
  options: { entitlement?: string; compareFile: string; compareEntitlement?: string },
): Promise<void> {
  if (options.entitlement === undefined || options.compareEntitlement === undefined) {
    throw new BatonCliError("principals compare needs -e <base entitlement> and --compare-entitlement <id>");
  }
  const baseEntitlement = options.entitlement;
  const comparedEntitlement = options.compareEntitlement;
  await ctx.withSync(undefined, async (base) => {
    const comparedFile = await ctx.openFile(options.compareFile);
    try {
      const compared = new Lookups(comparedFile, ctx.selectSync(comparedFile, undefined));
      base.lookups.requireEntitlement(baseEntitlement);
      compared.requireEntitlement(comparedEntitlement);
      const holders = (lookups: Lookups, entitlementId: string): Resource[] =>
        Array.from(lookups.file.iterateGrantPrincipals({ syncId: lookups.syncId, entitlementId }), (key) =>
          lookups.resource(key),
        );
      const baseHolders = holders(base.lookups, baseEntitlement);
      const comparedHolders = holders(compared, comparedEntitlement);
      const matcher = new PrincipalMatcher(comparedHolders);
      const missing = baseHolders.filter((principal) => !matcher.match(principal));
      const extra = comparedHolders.filter((principal) => !matcher.matched.has(keyText(keyOf(principal))));

      if (ctx.json) {
        const baseJson = new OutputJson(base.lookups, ctx.unknownAnnotation);
        const comparedJson = new OutputJson(compared, ctx.unknownAnnotation);
        const list = (json: OutputJson, items: Resource[]) => items.map((item) => json.resourceOutput(item));
        const output = {
          ...(missing.length ? { missing: list(baseJson, missing) } : {}),
          ...(extra.length ? { extra: list(comparedJson, extra) } : {}),
          ...(baseHolders.length ? { base: list(baseJson, baseHolders) } : {}),
          ...(comparedHolders.length ? { compared: list(comparedJson, comparedHolders) } : {}),
        };
        await ctx.out.write(`${JSON.stringify(output)}\n`);
        return;
      }
      await ctx.out.write(
        `${baseHolders.length} holders of ${baseEntitlement}, ${comparedHolders.length} of ${comparedEntitlement}: ` +
          `${missing.length} missing, ${extra.length} extra\n\n`,
      );
      const table = new ConsoleTable(
        ctx.out,
        [
          { header: "Difference", kind: "text" },
          { header: "Principal", kind: "id" },
          { header: "Name", kind: "text" },
        ],
        ctx.width,
        "No differences.",
      );
      for (const principal of missing)
        await table.add(["missing", keyText(keyOf(principal)), resourceName(principal)]);
      for (const principal of extra)
        await table.add(["extra", keyText(keyOf(principal)), resourceName(principal)]);
      await table.end();
    } finally {
      comparedFile.close();
    }
  });
}

/**
 * Go's comparePrincipal rule with indexes instead of a nested loop. Where several compared principals
 * match one base principal, all of them count as matched (Go marks the first its map iteration finds).
 */
class PrincipalMatcher {
  readonly matched = new Set<string>();
  readonly #byKey = new Map<string, Resource>();
  readonly #usersByEmail = new Map<string, Resource[]>();
  readonly #usersByName = new Map<string, Resource[]>();
  readonly #othersByName = new Map<string, Resource[]>();

  constructor(candidates: readonly Resource[]) {
    const push = (map: Map<string, Resource[]>, key: string, value: Resource) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const candidate of candidates) {
      this.#byKey.set(keyText(keyOf(candidate)), candidate);
      const trait = userTraitOf(candidate);
      if (trait) {
        for (const email of trait.emails) push(this.#usersByEmail, email.address, candidate);
        push(this.#usersByName, candidate.displayName, candidate);
      } else {
        push(this.#othersByName, candidate.displayName, candidate);
      }
    }
  }

  /** Whether `principal` has a match; every candidate it matches counts as matched. */
  match(principal: Resource): boolean {
    const found = new Set<Resource>();
    const same = this.#byKey.get(keyText(keyOf(principal)));
    if (same) found.add(same);
    const trait = userTraitOf(principal);
    if (trait) {
      for (const email of trait.emails)
        for (const user of this.#usersByEmail.get(email.address) ?? []) found.add(user);
      for (const user of this.#usersByName.get(principal.displayName) ?? []) found.add(user);
    } else {
      for (const other of this.#othersByName.get(principal.displayName) ?? []) found.add(other);
    }
    for (const candidate of found) this.matched.add(keyText(keyOf(candidate)));
    return found.size > 0;
  }
}
