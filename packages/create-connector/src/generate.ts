import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type ConnectorNames, connectorNames, GeneratorUsageError } from "./connector-name.js";
import { formatGenerated } from "./format.js";
import { type Layout, packageJson, tsconfigJson } from "./project-files.js";
import { type RenderedFile, renderLayer, renderTemplate, type Tokens } from "./template-files.js";
import { SDK_ENGINES } from "./versions.js";

/** Where to generate: into this repository's `packages/`, or a project of its own in `directory`. */
export type GenerateTarget =
  | { readonly layout: "workspace"; readonly root: string }
  | { readonly layout: "standalone"; readonly directory: string };

export interface GenerateOptions {
  /** kebab-case, e.g. `acme-hr`. */
  readonly name: string;
  /** What people read (default: the name's words capitalised). */
  readonly title?: string;
  readonly target: GenerateTarget;
  /** Standalone only: the npm package name (default `baton-<name>`). */
  readonly packageName?: string;
}

export interface GeneratedConnector {
  readonly names: ConnectorNames;
  readonly packageName: string;
  /** The package's directory (absolute). */
  readonly directory: string;
  /** Every file written, absolute. */
  readonly files: readonly string[];
  /** What to run next, one command or step a line. */
  readonly nextSteps: readonly string[];
}

const NPM_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

/** The tokens the templates use, for one connector and layout. */
const tokensFor = (names: ConnectorNames, packageName: string, layout: Layout): Tokens => {
  const inRepo = layout === "workspace";
  return {
    __NAME__: names.kebab,
    __CAMEL__: names.camel,
    __PASCAL__: names.pascal,
    __CONSTANT__: names.constant,
    __TITLE__: names.title,
    __PACKAGE__: packageName,
    // The docs page, from the package's README.
    __DOCS_PAGE__: inRepo ? `../../docs/connectors/${names.kebab}.md` : `docs/${names.kebab}.md`,
    __HELP_URL__: inRepo
      ? `https://github.com/baton-ts/baton-ts/blob/main/docs/connectors/${names.kebab}.md`
      : `https://www.npmjs.com/package/${packageName}`,
    // The program, as run from where the docs say to run it (the repository root, or the project).
    __PROGRAM__: inRepo
      ? `node packages/connector-${names.kebab}/dist/bin/baton-${names.kebab}.js`
      : `node dist/bin/baton-${names.kebab}.js`,
    // The package's own commands, as run from the repository root or the project.
    __RUN__: inRepo ? `pnpm --filter ${packageName}` : "npm run",
  };
};

/** An existing file, or a directory with anything in it, is never overwritten. */
const refuseExisting = (path: string, what: string): void => {
  if (existsSync(path) && (!statSync(path).isDirectory() || readdirSync(path).length > 0)) {
    throw new GeneratorUsageError(`${what} ${path} already exists: choose another name or remove it first`);
  }
};

/** Adds the `baton-<name>` script to the repository's package.json, like the other connectors'. */
const addRootScript = (root: string, names: ConnectorNames): string => {
  const file = join(root, "package.json");
  const manifest = readJson(file);
  const scripts = (manifest.scripts ?? {}) as Record<string, string>;
  const program = `baton-${names.kebab}`;
  if (scripts[program] === undefined) {
    // Inserted before `simulate`, beside the other programs; the same V8 flags as the bin's first line.
    const entries = Object.entries(scripts);
    const at = entries.findIndex(([key]) => key === "simulate");
    entries.splice(at === -1 ? entries.length : at, 0, [
      program,
      `node --max-semi-space-size=16 --heap-growing-percent=50 packages/connector-${names.kebab}/dist/bin/${program}.js`,
    ]);
    manifest.scripts = Object.fromEntries(entries);
    writeFileSync(file, `${JSON.stringify(manifest, undefined, 2)}\n`);
  }
  return file;
};

/**
 * Writes a complete connector package: package.json, tsconfig, tsup and vitest configs, config, client,
 * the user and team resource types with membership grant/revoke, a simulator on the sdk's kit, the
 * program, the kit's tests, baton_capabilities.json and its test, a README, a docs page and (in the
 * repository) a changeset. Nothing is written when a check fails.
 */
export const generateConnector = (options: GenerateOptions): GeneratedConnector => {
  const names = connectorNames(options.name, options.title);
  const { target } = options;
  const files: { path: string; text: string }[] = [];
  let directory: string;
  let packageName: string;
  let engines: Readonly<Record<string, string>>;
  const place = (base: string, rendered: readonly RenderedFile[]) => {
    for (const file of rendered) files.push({ path: join(base, file.path), text: file.text });
  };

  if (target.layout === "workspace") {
    const root = resolve(target.root);
    directory = join(root, "packages", `connector-${names.kebab}`);
    packageName = `@baton-ts/connector-${names.kebab}`;
    if (options.packageName !== undefined && options.packageName !== packageName) {
      throw new GeneratorUsageError(
        `in this repository the package is named ${packageName}; --package-name is for standalone projects`,
      );
    }
    refuseExisting(directory, "the package directory");
    const taken = readdirSync(join(root, "packages"), { withFileTypes: true })
      .filter(
        (entry) => entry.isDirectory() && existsSync(join(root, "packages", entry.name, "package.json")),
      )
      .find((entry) => readJson(join(root, "packages", entry.name, "package.json")).name === packageName);
    if (taken !== undefined) {
      throw new GeneratorUsageError(
        `packages/${taken.name} is already named ${packageName}: choose another name`,
      );
    }
    refuseExisting(join(root, "docs", "connectors", `${names.kebab}.md`), "the docs page");
    engines = readJson(join(root, "packages", "connector-sdk", "package.json")).engines as Record<
      string,
      string
    >;
    const tokens = tokensFor(names, packageName, "workspace");
    place(root, renderLayer("workspace", tokens));
    files.push({
      path: join(root, "docs", "connectors", `${names.kebab}.md`),
      text: renderTemplate("shared/docs-page.md", tokens),
    });
  } else {
    directory = resolve(target.directory);
    packageName = options.packageName ?? `baton-${names.kebab}`;
    if (!NPM_NAME.test(packageName)) {
      throw new GeneratorUsageError(
        `"${packageName}" is not a valid npm package name (lower case, e.g. baton-${names.kebab} or @acme/baton-${names.kebab})`,
      );
    }
    refuseExisting(directory, "the directory");
    engines = SDK_ENGINES;
    const tokens = tokensFor(names, packageName, "standalone");
    place(directory, renderLayer("standalone", tokens));
    files.push({
      path: join(directory, "docs", `${names.kebab}.md`),
      text: renderTemplate("shared/docs-page.md", tokens),
    });
  }
  const layout = target.layout;
  place(directory, renderLayer("package", tokensFor(names, packageName, layout)));
  files.push({
    path: join(directory, "package.json"),
    text: packageJson(names, packageName, layout, engines),
  });
  files.push({ path: join(directory, "tsconfig.json"), text: tsconfigJson(layout) });

  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text);
  }
  const written = files.map((file) => file.path);
  if (target.layout === "workspace") written.push(addRootScript(resolve(target.root), names));
  // Names change line lengths and import order: the formatter makes the result what `format:check` wants.
  const formatted = formatGenerated(
    target.layout === "workspace" ? resolve(target.root) : directory,
    directory,
  );

  const from = (path: string) => relative(process.cwd(), path) || ".";
  const nextSteps = [
    ...(formatted
      ? []
      : [`Biome could not format the files: run \`biome check --write ${from(directory)}\` once.`]),
    ...(target.layout === "workspace"
      ? [
          "pnpm install",
          `pnpm --filter ${packageName} check        # lint, format, type check, tests: all pass as generated`,
          `pnpm --filter ${packageName} simulate     # the simulator by hand, with a ready sync command`,
          `Then follow docs/writing-a-connector.md: every "TODO(${names.kebab})" in ${from(directory)} names what to change.`,
        ]
      : [
          `cd ${from(directory)}`,
          "npm install",
          "npm run check        # lint, format, type check, tests: all pass as generated",
          "npm run simulate     # the simulator by hand, with a ready sync command",
          `Then follow the guide (https://github.com/baton-ts/baton-ts/blob/main/docs/writing-a-connector.md): every "TODO(${names.kebab})" names what to change.`,
        ]),
  ];
  return { names, packageName, directory, files: written, nextSteps };
};
