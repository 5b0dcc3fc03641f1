import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { programPath, programSourcePath } from "../program-path.ts";
import { barrelFreeImports } from "./barrel-free-imports.ts";
import { builtinsAsCommonJs } from "./builtins-as-commonjs.ts";
import { lazyDefaultImports } from "./lazy-default-imports.ts";
import { bundlePath, PROGRAMS, type ProgramSpec } from "./programs.ts";
import { workspaceSources } from "./workspace-sources.ts";
import { zodEnglishOnly } from "./zod-english-only.ts";

/**
 * What the bundle does beyond esbuild's defaults, each a start-up saving (bench/bundle-choices.ts measures
 * each by switching it off): see the plugin files for why.
 */
export const BUNDLE_CHOICES = [
  "minify",
  "builtins-as-commonjs",
  "zod-english-only",
  "workspace-sources",
  "barrel-free-imports",
  "lazy-got",
] as const;
export type BundleChoice = (typeof BUNDLE_CHOICES)[number];

export interface BundleOptions {
  /** Default: `<runnerDir>/dist/programs`. */
  readonly outdir?: string;
  readonly programs?: readonly ProgramSpec[];
  /** Choices to leave out (for measuring what each one buys). */
  readonly without?: readonly BundleChoice[];
}

/**
 * Bundles each program into one self-contained ES module (plus its source map): the connector package's
 * `bin` and everything it imports, so an image needs Node and this one file, no node_modules. The modes
 * a run may not need (sync, provisioning, service mode with gRPC) are dynamic imports in the sdk's
 * program layer; esbuild keeps them in the same file as modules evaluated on first use.
 */
export const bundlePrograms = async (runnerDir: string, options: BundleOptions = {}): Promise<Metafile> => {
  const outdir = options.outdir ?? join(runnerDir, "dist/programs");
  const use = (choice: BundleChoice): boolean => !(options.without ?? []).includes(choice);
  const fromSources = use("workspace-sources");
  const packagesDir = join(runnerDir, "../../packages");
  const entries = Object.fromEntries(
    (options.programs ?? PROGRAMS).map(({ program, packageName }) => [
      program,
      fromSources ? programSourcePath(packageName, program) : programPath(packageName, program),
    ]),
  );
  const plugins: Plugin[] = [
    ...(use("builtins-as-commonjs") ? [builtinsAsCommonJs] : []),
    ...(use("zod-english-only") ? [zodEnglishOnly] : []),
    ...(fromSources ? [workspaceSources(packagesDir)] : []),
    ...(fromSources && use("barrel-free-imports")
      ? [barrelFreeImports(packagesDir, Object.values(entries))]
      : []),
    ...(use("lazy-got") ? [lazyDefaultImports(packagesDir, ["got"])] : []),
  ];
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: entries,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    // The entry's first line (`#!/usr/bin/env -S node <V8 flags>`) is kept; CommonJS dependencies
    // (got's, grpc-js) and the built-ins (see builtins-as-commonjs.ts) need a `require`.
    banner: {
      js: 'import { createRequire as __bundleCreateRequire } from "node:module"; const require = __bundleCreateRequire(import.meta.url);',
    },
    plugins,
    // Less source for V8 to read and pre-parse at every start. Identifiers keep their names: renaming them
    // saves 0.5 MB more, but keeping function and class names then takes a call per function at start,
    // which cost more than the smaller file saved (bench/bundle-choices.ts), and stack traces stay readable.
    minifyWhitespace: use("minify") && process.env.BUNDLE_NO_MINIFY === undefined,
    minifySyntax: use("minify") && process.env.BUNDLE_NO_MINIFY === undefined,
    // For stack traces (`NODE_OPTIONS=--enable-source-maps`); the sources themselves are in the repository.
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
    // Our files are marked side-effect free (workspace-sources.ts); an import kept only for its side
    // effects would be dropped silently, so that fails the build instead.
    logOverride: { "ignored-bare-import": fromSources ? "error" : "silent" },
  });
  writeFileSync(join(outdir, "metafile.json"), JSON.stringify(result.metafile));
  return result.metafile;
};

export { bundlePath };
