import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PROGRAM_NODE_FLAGS, PROGRAM_SHEBANG } from "@baton-ts/connector-sdk/cli";
import { programNodeFlags } from "@baton-ts/connector-sdk/testing";
import { describe, expect, it } from "vitest";
import { programPath } from "../src/program-path.js";

// The programs' V8 flags are decided once (the sdk's PROGRAM_NODE_FLAGS) but written in several places:
// each bin's first line (for running the file directly) and the root scripts, which start it with `node`.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const scripts = (
  JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { scripts: Record<string, string> }
).scripts;

describe("the programs' node flags", () => {
  for (const [packageName, program] of [
    ["@baton-ts/connector-segment", "baton-segment"],
    ["@baton-ts/connector-sentinelone", "baton-sentinel-one"],
  ] as const) {
    it(`${program}: source, built file and root script carry the sdk's flags`, () => {
      const built = programPath(packageName, program);
      const source = built.replace(/dist\/bin\/(.+)\.js$/, "src/bin/$1.ts");
      expect(readFileSync(source, "utf8").split("\n", 1)[0]).toBe(PROGRAM_SHEBANG);
      expect(programNodeFlags(built)).toEqual(PROGRAM_NODE_FLAGS);
      expect(PROGRAM_NODE_FLAGS.join(" ")).toContain("--max-semi-space-size=");
      expect(PROGRAM_NODE_FLAGS.join(" ")).not.toContain("--max-old-space-size");
      expect(scripts[program]).toBe(`node ${PROGRAM_NODE_FLAGS.join(" ")} ${relative(root, built)}`);
    });
  }
});
