import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import type { Plugin } from "esbuild";
import ts from "typescript";
import { sourceOf } from "../program-path.ts";

interface Manifest {
  readonly name: string;
  readonly exports?: Record<string, string | { readonly import?: string }>;
}

/**
 * Rewrites each named import in our packages' sources to import from the file that declares the name,
 * instead of through an index that re-exports it (`import { encodeMessage } from "@baton-ts/c1z"` →
 * `from ".../c1z/src/struct-wire.ts"`). Why: esbuild evaluates a module reached from a dynamic import as
 * a whole, with everything it imports, so one helper taken from the c1z package's index started SQLite
 * and zlib at every `--help`, and the sdk's index the engine. The TypeScript compiler finds the declaring
 * file (it follows `export *` and renames); only our own sources are read, not node_modules.
 */
export const barrelFreeImports = (packagesDir: string, entries: readonly string[]): Plugin => ({
  name: "barrel-free-imports",
  setup(build) {
    const inside = `${packagesDir}${sep}`;
    let checker: ts.TypeChecker | undefined;
    let program: ts.Program | undefined;
    const compile = (): { program: ts.Program; checker: ts.TypeChecker } => {
      if (program === undefined || checker === undefined) {
        program = ts.createProgram({
          rootNames: [...entries],
          options: compilerOptions(packagesDir),
          host: ourSourcesHost(packagesDir),
        });
        checker = program.getTypeChecker();
      }
      return { program, checker };
    };

    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(inside) || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const { program, checker } = compile();
      const source = program.getSourceFile(args.path);
      if (source === undefined) return undefined;
      const text = source.getFullText();
      const edits: { start: number; end: number; text: string }[] = [];
      for (const statement of source.statements) {
        const rewritten = rewriteImport(statement, checker, inside);
        if (rewritten !== undefined)
          edits.push({ start: statement.getStart(source), end: statement.getEnd(), text: rewritten });
      }
      let contents = text;
      for (const edit of edits.reverse())
        contents = contents.slice(0, edit.start) + edit.text + contents.slice(edit.end);
      return { contents, loader: "ts", resolveDir: dirname(args.path) };
    });
  },
});

/** `import { a, b as c } from "x"` → one import per declaring file, or undefined to keep the statement. */
const rewriteImport = (
  statement: ts.Statement,
  checker: ts.TypeChecker,
  inside: string,
): string | undefined => {
  if (!ts.isImportDeclaration(statement) || statement.importClause === undefined) return undefined;
  const clause = statement.importClause;
  if (clause.isTypeOnly || clause.name !== undefined) return undefined;
  const bindings = clause.namedBindings;
  if (bindings === undefined || !ts.isNamedImports(bindings)) return undefined;
  const byFile = new Map<string, string[]>();
  for (const element of bindings.elements) {
    if (element.isTypeOnly) continue; // erased anyway
    const local = checker.getSymbolAtLocation(element.name);
    const target = local === undefined ? undefined : checker.getAliasedSymbol(local);
    const declaration = target?.declarations?.[0];
    const file = declaration?.getSourceFile().fileName;
    // Not ours, or not found: the statement stays as written.
    if (target === undefined || file === undefined || !file.startsWith(inside) || file.endsWith(".d.ts"))
      return undefined;
    const original = target.getName();
    const binding = original === element.name.text ? original : `${original} as ${element.name.text}`;
    byFile.set(file, [...(byFile.get(file) ?? []), binding]);
  }
  return [...byFile]
    .map(([file, names]) => `import { ${names.join(", ")} } from ${JSON.stringify(file)};`)
    .join("\n");
};

/** Our packages' exports (`@baton-ts/c1z` → its `src/index.ts`) as TypeScript `paths`. */
const compilerOptions = (packagesDir: string): ts.CompilerOptions => {
  const paths: Record<string, string[]> = {};
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(packagesDir, entry.name);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const built = typeof target === "string" ? target : target.import;
      if (built === undefined || !built.endsWith(".js")) continue;
      paths[subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`] = [
        join(dir, sourceOf(built)),
      ];
    }
  }
  return {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2024,
    paths,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    types: [],
    noLib: true,
  };
};

/** Reads our sources only: a file under node_modules (types of dependencies) is read as empty. */
const ourSourcesHost = (packagesDir: string): ts.CompilerHost => {
  const host = ts.createCompilerHost({}, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
    fileName.includes(`${sep}node_modules${sep}`) || !fileName.startsWith(packagesDir)
      ? ts.createSourceFile(fileName, "export {};", languageVersion)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  return host;
};
