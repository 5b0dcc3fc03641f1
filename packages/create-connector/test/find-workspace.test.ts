import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findBatonWorkspace } from "../src/find-workspace.js";

const work = mkdtempSync(join(tmpdir(), "create-connector-find-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const workspace = (dir: string, name: string): string => {
  mkdirSync(join(dir, "packages", "deep"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name }));
  writeFileSync(join(dir, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
  return dir;
};

describe("which layout the command line picks", () => {
  it("finds the baton-ts repository from anywhere inside it", () => {
    const root = workspace(join(work, "baton-ts"), "baton-ts");
    expect(findBatonWorkspace(join(root, "packages", "deep"))).toBe(root);
  });

  it("writes standalone anywhere else, another pnpm workspace included", () => {
    const other = workspace(join(work, "other"), "someone-elses-monorepo");
    expect(findBatonWorkspace(join(other, "packages", "deep"))).toBeUndefined();
    expect(findBatonWorkspace(work)).toBeUndefined();
  });
});
