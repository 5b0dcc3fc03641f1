import { dirname } from "node:path";
import type { Plugin } from "esbuild";

const NAMESPACE = "lazy-default-import";

/**
 * Makes a package that our sources import only as a default export (`import got from "got"`) load on
 * first use instead of at start-up: the import gets a stand-in that requires the package (esbuild keeps
 * a required ES module in the bundle, evaluated when first required) the first time a property is read
 * or it is called. Why: got is imported by the sdk's HTTP client, which every connector's definition
 * imports, but it is used only once a client is built (`connect`), and loading it (with http2, tls and
 * its dependencies) was a third of `--help`'s memory. `packages` lists the packages to treat so; a
 * named import of one of them fails the build rather than loading it early unnoticed.
 */
export const lazyDefaultImports = (packagesDir: string, packages: readonly string[]): Plugin => ({
  name: NAMESPACE,
  setup(build) {
    const filter = new RegExp(
      `^(${packages.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$`,
    );
    build.onResolve({ filter }, (args) => {
      if (args.namespace === NAMESPACE || !args.importer.startsWith(packagesDir)) return undefined;
      if (args.kind !== "import-statement") return undefined;
      return { path: args.path, namespace: NAMESPACE, pluginData: { resolveDir: dirname(args.importer) } };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      // CommonJS, so that esbuild reads `default` through this object at each use, not once at start.
      contents: `
        let loaded;
        const load = () => (loaded ??= require(${JSON.stringify(args.path)}).default);
        module.exports = new Proxy(function lazy() {}, {
          get: (_, key) => {
            // esbuild's interop asks whether this is a transpiled ES module; answering must not load it.
            if (key === "__esModule") return undefined;
            const value = Reflect.get(load(), key);
            return typeof value === "function" ? value.bind(load()) : value;
          },
          apply: (_, thisArg, args) => Reflect.apply(load(), thisArg, args),
        });
      `,
      resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
      loader: "js",
    }));
  },
});
