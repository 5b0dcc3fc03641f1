import { closestMatch } from "../did-you-mean.js";
import type { FieldSpec } from "./field-spec.js";

export interface ParsedArgv {
  /** Raw flag values per field key, in the order given (lists collect them all; others take the last). */
  readonly values: ReadonlyMap<string, string[]>;
  /** Positional arguments (subcommands), including everything after `--`. */
  readonly args: string[];
  readonly help: boolean;
  readonly version: boolean;
  readonly problems: string[];
}

/**
 * Reads flags the way cobra/pflag does: `--name value`, `--name=value`, `-n value`, `-nvalue`,
 * switches without a value (`-p`, `--provisioning`, `--provisioning=false`), `--` ends the flags.
 */
export const parseArgv = (argv: readonly string[], fields: readonly FieldSpec[]): ParsedArgv => {
  const byFlag = new Map(fields.map((field) => [field.flag, field]));
  const byShort = new Map(
    fields.filter((f) => f.short !== undefined).map((field) => [field.short as string, field]),
  );
  const values = new Map<string, string[]>();
  const args: string[] = [];
  const problems: string[] = [];
  let help = false;
  let version = false;

  const record = (field: FieldSpec, value: string) => {
    values.set(field.key, [...(values.get(field.key) ?? []), value]);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    const long = arg.startsWith("--") && arg.length > 2;
    const short = !long && arg.startsWith("-") && arg.length > 1 && arg !== "-";
    if (!long && !short) {
      args.push(arg);
      continue;
    }

    let name: string;
    let inline: string | undefined;
    let field: FieldSpec | undefined;
    if (long) {
      const body = arg.slice(2);
      const eq = body.indexOf("=");
      name = eq === -1 ? body : body.slice(0, eq);
      inline = eq === -1 ? undefined : body.slice(eq + 1);
      field = byFlag.get(name);
    } else {
      name = arg.slice(1, 2);
      const rest = arg.slice(2);
      inline = rest === "" ? undefined : rest.startsWith("=") ? rest.slice(1) : rest;
      field = byShort.get(name);
    }

    if (field === undefined) {
      if ((long && name === "help") || (!long && name === "h")) help = true;
      else if ((long && name === "version") || (!long && name === "v")) version = true;
      else problems.push(unknownFlag(long ? `--${name}` : `-${name}`, long, name, fields));
      continue;
    }
    const shown = long ? `--${name}` : `-${name}`;
    if (field.kind === "boolean") {
      record(field, inline ?? "true");
      continue;
    }
    if (inline !== undefined) {
      record(field, inline);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) {
      problems.push(`flag needs an argument: ${shown}`);
      continue;
    }
    record(field, next);
    i++;
  }
  return { values, args, help, version, problems };
};

const unknownFlag = (shown: string, long: boolean, name: string, fields: readonly FieldSpec[]): string => {
  const candidates = long ? [...fields.map((f) => f.flag), "help", "version"] : [];
  const guess = closestMatch(name, candidates);
  return `unknown flag: ${shown}${guess === undefined ? "" : ` (did you mean --${guess}?)`}`;
};
