import type { z } from "zod";
import type { FieldSpec } from "./field-spec.js";
import { configFields } from "./load-config.js";

export interface HelpCommand {
  readonly name: string;
  readonly summary: string;
}

export interface RenderHelpOptions {
  /** Program name, e.g. `baton-segment`. */
  readonly program: string;
  /** The line above `Usage:`. */
  readonly summary?: string;
  /** Subcommands for `Available Commands:`. */
  readonly commands?: readonly HelpCommand[];
  /** Whether to list `-v, --version` (default true). */
  readonly version?: boolean;
}

interface HelpRow {
  readonly sortKey: string;
  readonly left: string;
  readonly usage: string;
}

const typeName = (field: FieldSpec): string => {
  switch (field.kind) {
    case "boolean":
      return "";
    case "number":
      return field.integer ? "int" : "float";
    case "list":
      return field.itemKind === "number" ? "ints" : "strings";
    default:
      return "string";
  }
};

/** pflag's `(default ...)` suffix: zero values and secrets are not shown. */
const defaultText = (field: FieldSpec): string => {
  const value = field.default;
  if (field.secret || value === undefined || value === false || value === "") return "";
  if (Array.isArray(value)) return value.length === 0 ? "" : ` (default [${value.join(",")}])`;
  if (typeof value === "string") return ` (default "${value}")`;
  return ` (default ${String(value)})`;
};

/** Enums list their values unless the description already names each one. */
const choicesText = (field: FieldSpec): string => {
  const choices = field.choices;
  if (choices === undefined || choices.every((choice) => field.description.includes(choice))) return "";
  return ` (one of: ${choices.join(", ")})`;
};

const flagRow = (field: FieldSpec): HelpRow => {
  const names = field.short === undefined ? `      --${field.flag}` : `  -${field.short}, --${field.flag}`;
  const type = typeName(field);
  const description = field.description === "" ? "" : `${field.description}${choicesText(field)} `;
  return {
    sortKey: field.flag,
    left: type === "" ? names : `${names} ${type}`,
    usage: `${description}($${field.env})${defaultText(field)}`,
  };
};

/** Help text in the layout of cobra (Go's baton connectors): usage, commands, flags sorted by name. */
export const renderHelp = (connectorSchema: z.ZodObject, options: RenderHelpOptions): string => {
  const { base, connector } = configFields(connectorSchema);
  const { program } = options;
  const rows: HelpRow[] = [...base, ...connector].filter((field) => !field.hidden).map(flagRow);
  rows.push({ sortKey: "help", left: "  -h, --help", usage: `help for ${program}` });
  if (options.version !== false)
    rows.push({ sortKey: "version", left: "  -v, --version", usage: `version for ${program}` });
  rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const width = Math.max(...rows.map((row) => row.left.length));

  const commands = options.commands ?? [];
  const lines: string[] = [];
  if (options.summary !== undefined && options.summary !== "") lines.push(options.summary, "");
  lines.push("Usage:", `  ${program} [flags]`);
  if (commands.length > 0) {
    lines.push(`  ${program} [command]`, "", "Available Commands:");
    const nameWidth = Math.max(11, ...commands.map((command) => command.name.length));
    for (const command of commands)
      lines.push(`  ${command.name.padEnd(nameWidth)}   ${command.summary}`.trimEnd());
  }
  lines.push("", "Flags:");
  for (const row of rows) lines.push(`${row.left.padEnd(width)}   ${row.usage}`);
  if (commands.length > 0)
    lines.push("", `Use "${program} [command] --help" for more information about a command.`);
  return `${lines.join("\n")}\n`;
};
