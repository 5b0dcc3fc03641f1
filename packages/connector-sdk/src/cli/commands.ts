import { closestMatch } from "../did-you-mean.js";
import { ConfigError } from "../errors.js";

/** What a run does. `run` is the default: a one-shot sync, grant or revoke, decided by the flags. */
export type CommandName =
  | "run"
  | "capabilities"
  | "validate"
  | "config"
  | "health-check"
  | "help"
  | "version"
  | "leases"
  | "leases-expire";

export interface CommandInfo {
  readonly name: Exclude<CommandName, "run" | "leases-expire">;
  readonly summary: string;
}

/** The subcommands listed in `--help` (cobra's `Available Commands:`). */
export const COMMANDS: readonly CommandInfo[] = [
  { name: "capabilities", summary: "Get connector capabilities" },
  { name: "config", summary: "Print the connector's configuration schema as JSON" },
  { name: "health-check", summary: "Ask a running service's health check server (for exec probes)" },
  { name: "help", summary: "Help about any command" },
  {
    name: "leases",
    summary: "List the time-bound grants (leases); 'leases expire' revokes the due ones and exits",
  },
  { name: "validate", summary: "Check the credentials against the API and exit" },
  { name: "version", summary: "Print the program's version" },
];

const HELP_FLAGS = new Set(["-h", "--help", "--help=true"]);
const VERSION_FLAGS = new Set(["-v", "--version", "--version=true"]);

/**
 * `--help` and `--version` win over everything else and need no valid configuration (like cobra),
 * so they are found before the settings are parsed. Arguments after `--` are not flags.
 */
export const findEarlyCommand = (argv: readonly string[]): "help" | "version" | undefined => {
  for (const arg of argv) {
    if (arg === "--") break;
    if (HELP_FLAGS.has(arg)) return "help";
    if (VERSION_FLAGS.has(arg)) return "version";
  }
  return undefined;
};

/** The subcommand named by the positional arguments; a typo gets a suggestion. */
export const resolveCommand = (args: readonly string[], program: string): CommandName => {
  const [first, ...rest] = args;
  if (first === undefined) return "run";
  const known = COMMANDS.find((command) => command.name === first);
  if (known === undefined) {
    const close = closestMatch(
      first,
      COMMANDS.map((command) => command.name),
    );
    const hint = close === undefined ? "" : ` (did you mean "${close}"?)`;
    throw new ConfigError(
      `unknown command "${first}" for "${program}"${hint}; commands: ${COMMANDS.map((c) => c.name).join(", ")}`,
    );
  }
  if (known.name === "leases" && rest.length === 1 && rest[0] === "expire") return "leases-expire";
  if (known.name === "leases" && rest.length > 0) {
    throw new ConfigError(
      `"${program} leases" takes no argument but expire ("${program} leases expire"), got: ${rest.join(" ")}`,
    );
  }
  if (rest.length > 0 && known.name !== "help") {
    throw new ConfigError(`"${program} ${known.name}" takes no arguments, got: ${rest.join(" ")}`);
  }
  return known.name;
};
