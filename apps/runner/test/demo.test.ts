import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnProgram } from "@baton-ts/connector-sdk/testing";
import { afterAll, describe, expect, it } from "vitest";

// The demo keeps its c1z files for the person who ran it (it prints where); here they go under a
// temporary directory of the test's own, removed afterwards.
const demoTemp = mkdtempSync(join(tmpdir(), "runner-demo-test-"));
afterAll(() => rmSync(demoTemp, { recursive: true, force: true }));

describe("the README's main job (pnpm start)", () => {
  it("syncs, grants and revokes against both simulators and says so", { timeout: 300_000 }, async () => {
    const demo = fileURLToPath(new URL("../dist/demo/main.js", import.meta.url));
    const { code, stdout, stderr } = await spawnProgram(demo, [], { TMPDIR: demoTemp });
    expect(code, stderr).toBe(0);
    for (const title of ["== Segment: simulated workspace", "== SentinelOne: simulated tenant"]) {
      expect(stdout).toContain(title);
    }
    expect(stdout.match(/^ {11}Granted /gm)).toHaveLength(2);
    expect(stdout.match(/^ {11}Revoked /gm)).toHaveLength(2);
    expect(stdout).toMatch(/simulator: .* is now a member of /);
    expect(stdout).toMatch(/simulator: .* is no longer a member of /);
    expect(stdout).toMatch(/simulator: .* now holds .* at /);
    expect(stdout).toMatch(/simulator: .* no longer holds .* at /);
    expect(stdout.match(/in the c1z: yes/g)).toHaveLength(2);
    expect(stdout).toMatch(/resources per type: .*user \d+/);
    expect(readdirSync(demoTemp).filter((name) => name.startsWith("baton-demo-"))).toHaveLength(1);
  });
});
