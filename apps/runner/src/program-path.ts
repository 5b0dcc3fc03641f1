import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** `./dist/cli/index.js` → `./src/cli/index.ts`: every package builds `src/<path>.ts` to `dist/<path>.js`. */
export const sourceOf = (distPath: string): string =>
  distPath.replace(/^\.\/dist\//, "./src/").replace(/\.js$/, ".ts");

const binOf = (packageName: string, program: string): { dir: string; bin: string } => {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> };
  const bin = manifest.bin?.[program];
  if (bin === undefined)
    throw new Error(`${packageName} has no program ${program} in its package.json "bin"`);
  return { dir: dirname(manifestPath), bin };
};

/**
 * The built program a connector package ships (its package.json `bin`), e.g.
 * `programPath("@baton-ts/connector-segment", "baton-segment")`: the runner composes the connectors'
 * own programs, it does not build programs of its own.
 */
export const programPath = (packageName: string, program: string): string => {
  const { dir, bin } = binOf(packageName, program);
  return join(dir, bin);
};

/** The TypeScript source of that program (`src/bin/<program>.ts`), the entry of its bundle. */
export const programSourcePath = (packageName: string, program: string): string => {
  const { dir, bin } = binOf(packageName, program);
  return join(dir, sourceOf(bin));
};
