import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { programSourcePath } from "../program-path.ts";
import { builtinsAsCommonJs } from "./builtins-as-commonjs.ts";
import { bundlePath, PROGRAMS, type ProgramSpec } from "./programs.ts";
import { barrelFreeImports } from "./barrel-free-imports.ts";
import { lazyDefaultImports } from "./lazy-default-imports.ts";
import { workspaceSources } from "./workspace-sources.ts";
import { zodEnglishOnly } from "./zod-english-only.ts";

/**
 * Bundles each program into one self-contained ES module (plus its source map): the connector package's
 * built `bin` and everything it imports, so an image needs Node and this one file, no node_modules.
 * The modes a run may not need (sync, provisioning, service mode with gRPC) are dynamic imports in the
 * sdk's program layer; esbuild keeps them in the same file as modules evaluated on first use.
 */
export const bundlePrograms = async (
  runnerDir: string,
  programs: readonly ProgramSpec[] = PROGRAMS,
): Promise<Metafile> => {
  const packagesDir = join(runnerDir, "../../packages");
  const entries = Object.fromEntries(
    programs.map(({ program, packageName }) => [program, programSourcePath(packageName, program)]),
  );
  const result = await build({
    entryPoints: entries,
    outdir: join(runnerDir, "dist/programs"),
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
    plugins: [
      builtinsAsCommonJs,
      zodEnglishOnly,
      workspaceSources(packagesDir),
      barrelFreeImports(packagesDir, Object.values(entries)),
      lazyDefaultImports(packagesDir, ["got"]),
    ],
    // Smaller source is less for V8 to parse at every start; names stay for stack traces and error names.
    minify: process.env.BUNDLE_NO_MINIFY === undefined,
    keepNames: true,
    // For stack traces (`NODE_OPTIONS=--enable-source-maps`); the sources themselves are in the repository.
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
    // Our files are marked side-effect free (workspace-sources.ts); an import kept only for its side
    // effects would be dropped silently, so that fails the build instead.
    logOverride: { "ignored-bare-import": "error" },
  });
  writeFileSync(join(runnerDir, "dist/programs/metafile.json"), JSON.stringify(result.metafile));
  return result.metafile;
};

export { bundlePath };
