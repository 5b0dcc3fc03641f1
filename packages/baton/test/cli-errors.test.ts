import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSmallTenant } from "./fixtures/small.js";
import { baton } from "./support.js";

// Bad input: one clear line on stderr, a non-zero exit, never a stack trace. Two cases go through the
// real program (dist/baton.js, built before the tests) to see the process's exit code and stderr; the
// rest run in this process (the same runBaton), which keeps the suite fast on a busy machine.
const bin = fileURLToPath(new URL("../dist/baton.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "baton-errors-"));
const good = join(dir, "sync.c1z");
const cache = join(dir, "cache");
beforeAll(async () => {
  await writeSmallTenant(good);
  writeFileSync(join(dir, "notes.c1z"), "these are my notes, not a c1z\n");
  const bytes = readFileSync(good);
  writeFileSync(join(dir, "truncated.c1z"), bytes.subarray(0, Math.floor(bytes.length / 2)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs in this process; asserts exit code 1, no output, one line on stderr without a stack trace. */
async function fails(args: string[]): Promise<string> {
  const run = await baton(
    args.map((arg) => (arg.endsWith(".c1z") ? join(dir, arg) : arg)),
    { BATON_CACHE_DIR: cache },
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run.stderr.trimEnd().replaceAll(`${dir}/`, "");
}

/** As fails(), through the real program in a process of its own. */
async function processFails(args: string[]): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, BATON_CACHE_DIR: cache },
    });
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    return stderr.trimEnd();
  }
  throw new Error(`baton ${args.join(" ")} succeeded`);
}

describe("bad input", () => {
  it("a file that is not a c1z (the real program: exit code 1, one line)", async () => {
    const message =
      'baton: notes.c1z: not a c1z file: it must start with "C1ZF\\0" but starts with 74 68 65 73 65';
    expect(await processFails(["-f", "notes.c1z", "stats"])).toBe(message);
    expect(await fails(["-f", "notes.c1z", "stats"])).toBe(message);
  });

  it("a truncated c1z", async () => {
    expect(await fails(["-f", "truncated.c1z", "resources"])).toMatch(
      /^baton: truncated\.c1z: truncated: the zstd stream ends early/,
    );
  });

  it("a missing file", async () => {
    expect(await fails(["-f", "nothing-here.c1z", "stats"])).toBe(
      "baton: nothing-here.c1z: no such file (pass the c1z with -f/--file; the default is sync.c1z)",
    );
  });

  it("a sync id that does not exist", async () => {
    expect(await fails(["-f", "sync.c1z", "grants", "--sync-id", "2nosuchsync"])).toBe(
      'baton: no sync "2nosuchsync" in sync.c1z: "baton syncs" lists the syncs it holds',
    );
  });

  it("an unknown resource type, resource or entitlement", async () => {
    expect(await fails(["-f", "sync.c1z", "resources", "-t", "robot"])).toBe(
      'baton: unknown resource type "robot": this sync has app, group, user',
    );
    expect(await fails(["-f", "sync.c1z", "access", "-t", "user", "-r", "carol"])).toBe(
      'baton: no resource "carol" of type "user" in this sync: "baton resources -t user" lists them',
    );
    expect(await fails(["-f", "sync.c1z", "grants", "-e", "app:billing:owner"])).toBe(
      'baton: no entitlement "app:billing:owner" in this sync: "baton entitlements" lists them',
    );
  });

  it("flags that do not go together, or are unknown", async () => {
    expect(await fails(["-f", "sync.c1z", "grants", "-e", "app:billing:admin", "-r", "bob"])).toMatch(
      /^baton: option '-r, --resource <id>' cannot be used with option '-e, --entitlement <id>'$/,
    );
    expect(await fails(["-f", "sync.c1z", "access", "-t", "user"])).toBe(
      "baton: access needs the principal: -t <resource type> -r <resource id>",
    );
    expect(await fails(["-f", "sync.c1z", "stats", "-o", "yaml"])).toBe(
      'baton: unknown output format "yaml": use -o console or -o json',
    );
    expect(await fails(["-f", "sync.c1z", "grantz"])).toBe(
      "baton: unknown command 'grantz' (Did you mean grants?)",
    );
  });

  it("a diff of a file with a single sync", async () => {
    expect(await fails(["-f", "sync.c1z", "diff"])).toBe(
      "baton: sync.c1z: cannot diff a single sync run (diff compares the latest finished sync with the one before it)",
    );
  });
});
