import { readFileSync } from "node:fs";

/**
 * The Node flags a program file asks for in its first line (`#!/usr/bin/env -S node <flags>`), so that
 * starting it as `node <file>` (tests, the demo) runs it exactly as executing the file would.
 */
export const programNodeFlags = (scriptPath: string): string[] => {
  const first = readFileSync(scriptPath, "utf8").split("\n", 1)[0] ?? "";
  const match = /^#!\/usr\/bin\/env -S node (.+)$/.exec(first);
  return match === null ? [] : (match[1] as string).split(/\s+/).filter((flag) => flag !== "");
};
