import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

/**
 * Formats the generated package and sorts its imports with Biome (this package depends on it, at the
 * version the repository uses), run from `configRoot` so that its biome.json applies: a name longer or
 * shorter than the templates' changes where lines break and how imports sort. Returns false when Biome
 * could not run; the files are then correct but not formatted.
 */
export const formatGenerated = (configRoot: string, directory: string): boolean => {
  let biome: string;
  try {
    biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  } catch {
    return false;
  }
  const run = spawnSync(
    process.execPath,
    [biome, "check", "--write", "--linter-enabled=false", "--no-errors-on-unmatched", directory],
    { cwd: configRoot, encoding: "utf8" },
  );
  return run.status === 0;
};
