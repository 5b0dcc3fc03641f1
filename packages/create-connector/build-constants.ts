import { readFileSync } from "node:fs";
import { parse } from "yaml";

// What a standalone project (npm create) depends on, fixed when the generator is built: the published
// @baton-ts packages at this repository's versions, and the tools at the versions of its catalog. The
// build (tsup) and the tests (vitest) define the same constants from here.

const repo = new URL("../../", import.meta.url);
const manifest = (directory: string) =>
  JSON.parse(readFileSync(new URL(`packages/${directory}/package.json`, repo), "utf8")) as {
    version: string;
    engines: Record<string, string>;
  };
const versionOf = (directory: string): string => manifest(directory).version;
const catalog = (
  parse(readFileSync(new URL("pnpm-workspace.yaml", repo), "utf8")) as {
    catalog: Record<string, string>;
  }
).catalog;

const TOOLS = [
  "@biomejs/biome",
  "@types/node",
  "nock",
  "publint",
  "tsup",
  "typescript",
  "vitest",
  "zod",
] as const;

export const buildConstants = {
  __BATON_TS_VERSIONS__: JSON.stringify({
    "@baton-ts/connector-sdk": versionOf("connector-sdk"),
    "@baton-ts/protocol": versionOf("protocol"),
    "@baton-ts/c1z": versionOf("c1z"),
  }),
  // The sdk's Node requirement is the generated package's.
  __ENGINES__: JSON.stringify(manifest("connector-sdk").engines),
  __TOOL_VERSIONS__: JSON.stringify(
    Object.fromEntries(
      TOOLS.map((name) => {
        const version = catalog[name];
        if (version === undefined) throw new Error(`the catalog in pnpm-workspace.yaml lacks ${name}`);
        return [name, version];
      }),
    ),
  ),
};
