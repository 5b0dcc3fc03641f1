import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The baton-ts repository's root name (its package.json `name`). */
const REPOSITORY_NAME = "baton-ts";

/**
 * The baton-ts repository that `from` is in (its root), or undefined outside one: there the generator
 * writes a workspace package; elsewhere a standalone project.
 */
export const findBatonWorkspace = (from: string): string | undefined => {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(join(dir, "pnpm-workspace.yaml")) && existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown };
      if (name === REPOSITORY_NAME) return dir;
    }
    if (dirname(dir) === dir) return undefined;
  }
};
