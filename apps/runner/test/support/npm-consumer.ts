import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** The published packages (folders under packages/), in dependency order. */
export const PUBLIC_PACKAGES = [
  "protocol",
  "c1z",
  "connector-sdk",
  "connector-segment",
  "connector-sentinelone",
  "baton",
] as const;
export type PublicPackage = (typeof PUBLIC_PACKAGES)[number];

/**
 * pnpm itself: the one running this test when there is one (`npm_execpath`, also under
 * `npx -y pnpm@…` in CI), else `pnpm` from PATH. Only pnpm's pack turns `workspace:^` and `catalog:`
 * ranges into the versions a registry understands; npm's pack would ship them as they are.
 */
const pnpmCommand = (): string => {
  const fromScript = process.env.npm_execpath;
  return fromScript !== undefined && basename(fromScript).startsWith("pnpm") ? fromScript : "pnpm";
};

/** `pnpm pack` of one package into `destination`; returns the tarball's path. */
export const packPackage = (name: PublicPackage, destination: string): string => {
  const before = new Set(readdirSync(destination));
  execFileSync(pnpmCommand(), ["pack", "--pack-destination", destination], {
    cwd: join(REPO_ROOT, "packages", name),
    stdio: ["ignore", "pipe", "pipe"],
    env: withoutPackageManagerVariables(),
  });
  const added = readdirSync(destination).filter((file) => !before.has(file) && file.endsWith(".tgz"));
  if (added.length !== 1) throw new Error(`pnpm pack of ${name} wrote ${added.length} tarballs`);
  return join(destination, added[0] as string);
};

/**
 * The caller's environment without what a package manager sets for the scripts it runs (`npm_config_*`,
 * `npm_package_*`, pnpm's own): an install in a fresh project must behave as a person's would.
 */
export const withoutPackageManagerVariables = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.toLowerCase().startsWith("npm_") && !key.startsWith("PNPM") && key !== "INIT_CWD",
    ),
  );

/**
 * Installs tarballs (and any registry packages) into `project` with the machine's npm, as a user outside
 * this workspace would. `node` on the PATH is this test's (Node 24): npm's scripts and bins run on it.
 */
export const npmInstall = (project: string, specs: readonly string[]): void => {
  const env = withoutPackageManagerVariables();
  env.PATH = `${join(process.execPath, "..")}:${env.PATH ?? ""}`;
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...specs],
    {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
      env,
    },
  );
};

/** Bytes on disk under `dir` (512-byte blocks, like `du`), links not followed. */
export const diskUsage = (dir: string): number => {
  let total = 0;
  const walk = (path: string): void => {
    const stat = lstatSync(path);
    total += stat.blocks * 512;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
  return total;
};

/** The README's code blocks marked as run by the npm test: the ```ts fence right after the marker line. */
export const MARKER = "<!-- run by apps/runner/test/npm-packages.test.ts -->";

export const checkedExamples = (name: PublicPackage): string[] => {
  const text = readFileSync(join(REPO_ROOT, "packages", name, "README.md"), "utf8");
  const blocks: string[] = [];
  let from = text.indexOf(MARKER);
  while (from !== -1) {
    const fence = text.indexOf("```", from + MARKER.length);
    const start = text.indexOf("\n", fence) + 1;
    const end = text.indexOf("\n```", start);
    blocks.push(text.slice(start, end + 1));
    from = text.indexOf(MARKER, end);
  }
  return blocks;
};
