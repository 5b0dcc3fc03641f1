import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The templates shipped beside `dist/` (and beside `src/` in the repository). */
export const TEMPLATES_DIR = fileURLToPath(new URL("../templates/", import.meta.url));

/** One file to write: its path relative to where its layer goes, and its text. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
}

/** `__NAME__`-style tokens and their values. */
export type Tokens = Readonly<Record<string, string>>;

const replaceTokens = (text: string, tokens: Tokens): string =>
  text.replace(/__[A-Z_]+?__/g, (token) => tokens[token] ?? token);

/** One template (`shared/docs-page.md`), rendered. */
export const renderTemplate = (path: string, tokens: Tokens): string => {
  const source = join(TEMPLATES_DIR, `${path}.tmpl`);
  return checked(source, replaceTokens(readFileSync(source, "utf8"), tokens));
};

const checked = (source: string, text: string): string => {
  const leftover = /__[A-Z_]+__/.exec(text);
  if (leftover !== null) throw new Error(`template ${source} has an unknown token ${leftover[0]}`);
  return text;
};

/**
 * Every template of a layer (`package`, `workspace`, `standalone`), rendered: tokens replaced in paths
 * and texts, the `.tmpl` suffix dropped (it keeps the templates out of the generator's own lint and type
 * check), and `dot-` at the start of a name made a dot (npm drops `.gitignore` from packages).
 */
export const renderLayer = (layer: string, tokens: Tokens): RenderedFile[] => {
  const root = join(TEMPLATES_DIR, layer);
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return files
    .map((entry) => {
      const source = join(entry.parentPath, entry.name);
      const path = replaceTokens(relative(root, source), tokens)
        .replace(/\.tmpl$/, "")
        .replace(/(^|\/)dot-/, "$1.");
      return { path, text: checked(source, replaceTokens(readFileSync(source, "utf8"), tokens)) };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
};
