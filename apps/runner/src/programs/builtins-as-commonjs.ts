import { builtinModules } from "node:module";
import type { Plugin } from "esbuild";

const NAMESPACE = "node-builtin-commonjs";
const names = builtinModules.map((name) => name.replace(/[/]/g, "\\/")).join("|");
const BUILTIN = new RegExp(`^(node:)?(${names})$`);

/**
 * Loads Node's built-in modules with `require` instead of `import`. Why: Node builds an ES module
 * facade for a built-in the first time it is imported, and that facade reads every export once, which
 * runs the lazy getters: `import { request } from "node:http"` loads all of undici (for
 * `http.WebSocket`), `node:tls` parses every bundled root certificate. That was about a fifth of a
 * program's start-up. esbuild keeps a named import from a CommonJS module as a property read at the
 * point of use, so nothing is read early. Requires the bundle's `require` banner (bundle-programs.ts).
 */
export const builtinsAsCommonJs: Plugin = {
  name: "builtins-as-commonjs",
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) => {
      if (args.namespace === NAMESPACE) return { path: args.path, external: true };
      const name = args.path.startsWith("node:") ? args.path : `node:${args.path}`;
      // Loading a built-in changes nothing a bundle relies on, so an unused import of one is dropped.
      return { path: name, namespace: NAMESPACE, sideEffects: false };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};
