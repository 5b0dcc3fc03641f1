import type { ConnectorNames } from "./connector-name.js";
import { BATON_TS_VERSIONS, caret, TOOL_VERSIONS } from "./versions.js";

/** Where the package lives: in this repository (workspace protocol, catalog) or as a project of its own. */
export type Layout = "workspace" | "standalone";

const json = (value: unknown): string => `${JSON.stringify(value, undefined, 2)}\n`;

const version = (record: Readonly<Record<string, string>>, name: string): string => {
  const found = record[name];
  if (found === undefined) throw new Error(`the generator was built without a version of ${name}`);
  return found;
};

/**
 * The package's package.json. In the repository: `workspace:^` and `catalog:` like the other connectors,
 * and `simulate` builds through turbo. Standalone: caret ranges on the published @baton-ts packages and
 * the tools at the versions this repository tests with, and no turbo.
 */
export const packageJson = (
  names: ConnectorNames,
  packageName: string,
  layout: Layout,
  engines: Readonly<Record<string, string>>,
): string => {
  const program = `baton-${names.kebab}`;
  const inRepo = layout === "workspace";
  const baton = (name: string) => (inRepo ? "workspace:^" : caret(version(BATON_TS_VERSIONS, name)));
  const tool = (name: string) => (inRepo ? "catalog:" : version(TOOL_VERSIONS, name));
  const build = inRepo
    ? `([ -n "$SIMULATE_NO_BUILD" ] || turbo run build --filter=${packageName} --output-logs=errors-only 1>&2)`
    : "tsup";
  return json({
    name: packageName,
    version: "0.1.0",
    description: `Baton-compatible connector for ${names.title} (users and teams), with an API simulator`,
    license: "Apache-2.0",
    type: "module",
    engines,
    bin: { [program]: `./dist/bin/${program}.js` },
    exports: {
      ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
      "./simulator": { types: "./dist/simulator/index.d.ts", import: "./dist/simulator/index.js" },
      "./package.json": "./package.json",
    },
    files: ["dist", "README.md", "baton_capabilities.json"],
    ...(inRepo ? { publishConfig: { access: "public" } } : {}),
    scripts: {
      build: "tsup",
      typecheck: "tsc --noEmit",
      lint: "biome lint .",
      "lint:package": "publint --strict",
      "format:check": "biome format .",
      // The kill-and-resume test runs the sources (test/source-imports.mjs): no build needed first.
      test: "vitest run",
      check: "biome lint . && biome format . && tsc --noEmit && vitest run",
      simulate: `${build} && node dist/simulator/command.js`,
      bench: "node --import ./test/source-imports.mjs bench/sync.ts",
    },
    dependencies: {
      "@baton-ts/connector-sdk": baton("@baton-ts/connector-sdk"),
      "@baton-ts/protocol": baton("@baton-ts/protocol"),
      zod: inRepo ? "catalog:" : caret(version(TOOL_VERSIONS, "zod")),
    },
    devDependencies: {
      ...(inRepo ? {} : { "@biomejs/biome": tool("@biomejs/biome") }),
      "@types/node": tool("@types/node"),
      nock: tool("nock"),
      publint: inRepo ? "catalog:" : version(TOOL_VERSIONS, "publint"),
      tsup: tool("tsup"),
      typescript: tool("typescript"),
      vitest: tool("vitest"),
    },
  });
};

/** The compiler options of the repository's tsconfig.base.json, spelled out for a standalone project. */
const STANDALONE_COMPILER_OPTIONS = {
  target: "ES2024",
  lib: ["ES2024"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  types: ["node"],
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  esModuleInterop: true,
  skipLibCheck: true,
  declaration: true,
  sourceMap: true,
  resolveJsonModule: true,
  forceConsistentCasingInFileNames: true,
};

/**
 * `erasableSyntaxOnly`: Node runs the sources directly in the kill-and-resume test (it strips types, it
 * does not compile enums or parameter properties); `rewriteRelativeImportExtensions` is not needed (the
 * sources import `./x.js`, which test/source-imports.mjs maps to `./x.ts`).
 */
export const tsconfigJson = (layout: Layout): string =>
  json({
    ...(layout === "workspace" ? { extends: "../../tsconfig.base.json" } : {}),
    compilerOptions: {
      ...(layout === "workspace" ? {} : STANDALONE_COMPILER_OPTIONS),
      outDir: "dist",
      rootDir: ".",
      erasableSyntaxOnly: true,
      exactOptionalPropertyTypes: true,
    },
    include: ["src", "test", "bench", "*.config.ts"],
  });
