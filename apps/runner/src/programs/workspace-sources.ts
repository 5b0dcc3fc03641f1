import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import type { Plugin } from "esbuild";
import { sourceOf } from "../program-path.ts";

interface Manifest {
  readonly name: string;
  readonly exports?: Record<string, string | { readonly import?: string }>;
}

/**
 * Bundles our own packages (`@baton-ts/*` under `packagesDir`) from their TypeScript sources instead of
 * their built `dist`, and tells esbuild that those files have no import-time side effects. Why both:
 * a module esbuild reaches from a dynamic import is evaluated whole on first use, and tsup's `dist`
 * merges many source files into one (the c1z package is a single file, so the sdk's import of its
 * protobuf encoder also loaded `node:sqlite` and zlib at every start); and esbuild keeps a module it
 * cannot prove pure even when nothing uses it. From sources each file is its own module, and the
 * source maps point at the TypeScript. The side-effect-free promise is the bundle's own assumption
 * (our modules only define things); the runner's tests run every mode of the bundled programs.
 */
export const workspaceSources = (packagesDir: string): Plugin => ({
  name: "workspace-sources",
  setup(build) {
    const packages = new Map<string, { dir: string; manifest: Manifest }>();
    for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
      packages.set(manifest.name, { dir, manifest });
    }
    const inside = `${packagesDir}${sep}`;

    build.onResolve({ filter: /^@baton-ts\// }, (args) => {
      const [scope, name, ...rest] = args.path.split("/");
      const found = packages.get(`${scope}/${name}`);
      if (found === undefined) return undefined;
      const subpath = rest.length === 0 ? "." : `./${rest.join("/")}`;
      const target = found.manifest.exports?.[subpath];
      const distPath = typeof target === "string" ? target : target?.import;
      if (distPath === undefined) {
        return { errors: [{ text: `${found.manifest.name} does not export ${subpath}` }] };
      }
      return { path: join(found.dir, sourceOf(distPath)), sideEffects: false };
    });
    // Relative (and, after barrel-free-imports.ts, absolute) imports inside our sources: resolved by
    // esbuild (`./x.js` finds `./x.ts`), marked pure.
    build.onResolve({ filter: /^(\.\.?)?\// }, async (args) => {
      if (args.pluginData === "resolving" || !args.importer.startsWith(inside)) return undefined;
      if (args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "resolving",
      });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(inside)) return resolved;
      return { ...resolved, sideEffects: false };
    });
  },
});
