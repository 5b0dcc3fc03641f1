import { C1zFormatError, C1zUsageError } from "@baton-ts/c1z";
import { Command, CommanderError, Option } from "commander";
import { accessCommand } from "../commands/access.js";
import { diffCommand } from "../commands/diff.js";
import { entitlementsCommand } from "../commands/entitlements.js";
import { explorerCommand } from "../commands/explorer.js";
import { exportC1zCommand, exportCsvCommand } from "../commands/export.js";
import { grantsCommand } from "../commands/grants.js";
import { principalsCommand } from "../commands/principals.js";
import { principalsCompareCommand } from "../commands/principals-compare.js";
import { resourceTypesCommand } from "../commands/resource-types.js";
import { resourcesCommand } from "../commands/resources.js";
import { statsCommand } from "../commands/stats.js";
import { syncsCommand } from "../commands/syncs.js";
import { VERSION } from "../version.js";
import { CommandContext, type GlobalOptions } from "./context.js";
import { BatonCliError } from "./errors.js";
import type { BatonIo } from "./io.js";

const SYNC_ID = ["--sync-id <id>", "the sync to read (default: the latest finished sync)"] as const;
const typeOption = () => new Option("-t, --resource-type <type>", "the resource type to filter by");
const resourceOption = () => new Option("-r, --resource <id>", "the resource to filter by (with -t)");
const entitlementOption = () => new Option("-e, --entitlement <id>", "the entitlement to filter by");

/**
 * The `baton` command line: the subcommands, flags and JSON output of ConductorOne's Go `baton`, so
 * that habits and scripts carry over, plus what it lacks (the grants' provenance, `--sync-id` on
 * `export c1z`, a console form of every command, the cache of expanded files).
 */
export function buildProgram(io: BatonIo): Command {
  const program = new Command("baton")
    .description("Inspect, diff and export a c1z file (a Baton sync), and review it in a local web explorer")
    .version(VERSION)
    .option("-f, --file <path>", "the c1z file to work with", "sync.c1z")
    .option("-o, --output-format <format>", "console or json", "console")
    .option(
      "--no-cache",
      "expand the file on every run instead of keeping an expanded copy (BATON_NO_CACHE=1)",
    )
    .option(
      "--cache-dir <dir>",
      "where expanded copies are kept (BATON_CACHE_DIR; default ~/.cache/baton-ts)",
    )
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Commander's usage errors as one line, like the program's own: "baton: unknown command ... (Did you mean ...?)".
      outputError: (text, write) =>
        write(
          `baton: ${text
            .replace(/^error: /, "")
            .trim()
            .replace(/\s*\n\s*/g, " ")}\n`,
        ),
    });
  const context = (command: Command) => new CommandContext(io, command.optsWithGlobals() as GlobalOptions);

  program
    .command("resource-types")
    .description("List the resource types of a sync")
    .option(...SYNC_ID)
    .action((options, command) => resourceTypesCommand(context(command), options));

  program
    .command("resources")
    .description("List resources, with the ids to pass to --grant-principal")
    .addOption(typeOption())
    .option(...SYNC_ID)
    .action((options, command) => resourcesCommand(context(command), options));

  program
    .command("entitlements")
    .description("List entitlements, with the ids to pass to --grant-entitlement")
    .addOption(typeOption())
    .option(...SYNC_ID)
    .action((options, command) => entitlementsCommand(context(command), options));

  program
    .command("grants")
    .description(
      "List grants (of one entitlement, one resource or one resource type), with the ids to pass to --revoke-grant",
    )
    .addOption(typeOption())
    .addOption(resourceOption().conflicts("entitlement"))
    .addOption(entitlementOption())
    .option(...SYNC_ID)
    .action((options, command) => grantsCommand(context(command), options));

  const principals = program
    .command("principals")
    .description("List the principals that hold grants (of one entitlement or one resource)")
    .addOption(resourceOption().conflicts("entitlement"))
    .addOption(typeOption())
    .addOption(entitlementOption())
    .option(...SYNC_ID)
    .action((options, command) => principalsCommand(context(command), options));
  principals
    .command("compare")
    .description(
      "Compare the holders of two entitlements, possibly in two c1z files (relative to the base, -e)",
    )
    .addOption(entitlementOption())
    .option("--compare-file <path>", "the c1z file to compare with", "sync.c1z")
    .option("--compare-entitlement <id>", "the entitlement of the compared file")
    // `principals` takes -e too, and commander gives a flag to the first command that knows it.
    .action((options, command: Command) =>
      principalsCompareCommand(context(command), {
        ...options,
        entitlement: options.entitlement ?? command.parent?.opts().entitlement,
      }),
    );

  program
    .command("access")
    .description(
      "Show the effective access of one principal, grouped by resource, and how each grant is held",
    )
    .addOption(typeOption())
    .addOption(resourceOption())
    .option(...SYNC_ID)
    .action((options, command) => accessCommand(context(command), options));

  program
    .command("stats")
    .description("Count resource types, resources per type, entitlements and grants")
    .option(...SYNC_ID)
    .action((options, command) => statsCommand(context(command), options));

  program
    .command("syncs")
    .description("List the sync runs in the file")
    .action((_options, command) => syncsCommand(context(command)));

  program
    .command("diff")
    .description("Compare the latest finished sync with the previous one (JSON unless -o console is given)")
    .action((_options, command: Command) =>
      diffCommand(
        context(command),
        command.getOptionValueSourceWithGlobals("outputFormat") === "cli" &&
          command.optsWithGlobals().outputFormat === "console",
      ),
    );

  const exporter = program.command("export").description("Export data from the c1z");
  exporter
    .command("csv")
    .description("Export identities, entitlements and grants as the upload CSV")
    .option("--out <path>", "the CSV file to write", "./sync.csv")
    .option(...SYNC_ID)
    .action((options, command) => exportCsvCommand(context(command), options));
  exporter
    .command("c1z")
    .description("Export one sync (default: the latest finished) into a c1z of its own")
    .option("--out <path>", "the c1z file to write", "./latest.c1z")
    .option(...SYNC_ID)
    .action((options, command) => exportC1zCommand(context(command), options));

  program
    .command("explorer")
    .description("Review the file in a local web app (127.0.0.1 only, with a private link)")
    .option(...SYNC_ID)
    .option("--port <port>", "the port to listen on (default: any free port)", "0")
    .action((options, command) => explorerCommand(context(command), options));

  return program;
}

/**
 * Runs the program on `argv` (the arguments after the program name) and returns its exit code. Problems
 * the user can fix print one line; unexpected errors print one line too (the stack with BATON_DEBUG=1).
 */
export async function runBaton(argv: readonly string[], io: BatonIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander has printed its message
    if ((error as { code?: unknown }).code === "EPIPE") return 0; // the reader went away (| head)
    const known =
      error instanceof BatonCliError || error instanceof C1zFormatError || error instanceof C1zUsageError;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`baton: ${known ? "" : "unexpected error: "}${message}\n`);
    if (!known && io.env.BATON_DEBUG) io.stderr.write(`${(error as Error).stack ?? ""}\n`);
    return 1;
  }
}
