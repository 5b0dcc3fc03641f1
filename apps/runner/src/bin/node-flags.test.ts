import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { programNodeFlags } from "../node-flags.js";

// The programs' V8 flags live in two places (the bin's shebang, for running the file directly, and the
// root scripts, which start it with `node`): they must not drift apart.
const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");
const shebangFlags = (source: string): string => {
  const first = source.split("\n", 1)[0] ?? "";
  const match = /^#!\/usr\/bin\/env -S node (.+)$/.exec(first);
  if (match === null) throw new Error(`no 'env -S node <flags>' shebang: ${first}`);
  return match[1] as string;
};

describe("the programs' node flags", () => {
  const scripts = (JSON.parse(read("../../../../package.json")) as { scripts: Record<string, string> })
    .scripts;

  for (const program of ["baton-segment", "baton-sentinel-one"]) {
    it(`${program}: shebang, built file and root script carry the same flags`, () => {
      const flags = shebangFlags(read(`./${program}.ts`));
      expect(flags).toContain("--max-semi-space-size=");
      expect(flags).not.toContain("--max-old-space-size");
      expect(shebangFlags(read(`../../dist/bin/${program}.js`))).toBe(flags);
      expect(scripts[program]).toBe(`node ${flags} apps/runner/dist/bin/${program}.js`);
      // Tests and the demo start the built file with `node`: they must pass the same flags.
      expect(
        programNodeFlags(new URL(`../../dist/bin/${program}.js`, import.meta.url).pathname).join(" "),
      ).toBe(flags);
    });
  }
});
