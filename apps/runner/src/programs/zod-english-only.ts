import { dirname } from "node:path";
import type { Plugin } from "esbuild";

const NAMESPACE = "zod-english-only";

/**
 * Replaces zod's `z.locales` namespace (about 50 translations of its error messages, ~0.4 MB of the
 * ~0.75 MB zod puts in a bundle) with English only. Why: zod re-exports the namespace (as `z.locales` and
 * `z.core.locales`) from the modules every `import { z } from "zod"` reaches, and esbuild keeps all of it. Nothing here selects another
 * locale (`z.config(z.locales.xx())`), and English, the default, is zod's own `locales/en.js`.
 */
export const zodEnglishOnly: Plugin = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\](classic|core)[/\\][\w-]+\.js$/.test(args.importer)
        ? { path: args.importer, namespace: NAMESPACE }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};
