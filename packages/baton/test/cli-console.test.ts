import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSmallTenant } from "./fixtures/small.js";
import { baton, useCacheDir } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "baton-console-"));
const file = join(dir, "sync.c1z");
const env = { BATON_CACHE_DIR: useCacheDir() };
beforeAll(() => writeSmallTenant(file));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The console output of a command in a terminal `columns` wide. */
const show = async (columns: number, ...args: string[]) => {
  const run = await baton(["-f", file, ...args], env, columns);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
};

describe("console output (small hand-made tenant)", () => {
  it("resources: ids to paste into --grant-principal-type and --grant-principal", async () => {
    expect(await show(100, "resources")).toBe(
      [
        "Type   ID          Display name  Parent",
        "─────  ──────────  ────────────  ──────",
        "user   alice       Alice Adams   -",
        "user   bob         Bob Brown     -",
        "user   svc-deploy  Deploy bot    -",
        "group  eng         Engineering   -",
        "app    billing     Billing       -",
        "",
      ].join("\n"),
    );
  });

  it("grants -e: how each holder holds it, and the grant ids for --revoke-grant", async () => {
    expect(await show(100, "grants", "-e", "app:billing:admin")).toBe(
      [
        "Grants of app:billing:admin (Billing admin)",
        "",
        "Principal        Principal name  How                               Grant ID",
        "───────────────  ──────────────  ────────────────────────────────  ─────────────────────────────────",
        "group:eng        Engineering     direct                            app:billing:admin:group:eng",
        "user:bob         Bob Brown       direct, also via                  app:billing:admin:user:bob",
        "                                 group:eng:member",
        "user:svc-deploy  Deploy bot      direct                            app:billing:admin:user:svc-deploy",
        "user:alice       Alice Adams     via group:eng:member              app:billing:admin:user:alice",
        "",
      ].join("\n"),
    );
  });

  it("access: grouped by resource, the group-derived grant says through which group", async () => {
    expect(await show(120, "access", "-t", "user", "-r", "alice")).toBe(
      [
        "Effective access of Alice Adams (user:alice)",
        "",
        "Resource     Entitlement         Entitlement ID     How                   Grant ID",
        "───────────  ──────────────────  ─────────────────  ────────────────────  ────────────────────────────",
        "Engineering  Engineering member  group:eng:member   direct                group:eng:member:user:alice",
        "Billing      Billing admin       app:billing:admin  via group:eng:member  app:billing:admin:user:alice",
        "",
      ].join("\n"),
    );
  });

  it("a terminal too narrow for the table gets one block per row, ids whole", async () => {
    const narrow = await show(50, "grants", "-e", "app:billing:admin");
    expect(narrow.split("\n").slice(2, 12).join("\n")).toBe(
      [
        "Principal       group:eng",
        "Principal name  Engineering",
        "How             direct",
        "Grant ID        app:billing:admin:group:eng",
        "",
        "Principal       user:bob",
        "Principal name  Bob Brown",
        "How             direct, also via group:eng:member",
        "Grant ID        app:billing:admin:user:bob",
        "",
      ].join("\n"),
    );
  });

  it("piped output (no terminal) is never wrapped", async () => {
    const piped = await baton(["-f", file, "access", "-t", "user", "-r", "alice"], env);
    expect(piped.stdout).toContain("via group:eng:member  app:billing:admin:user:alice");
  });

  it("stats and resource-types", async () => {
    expect(await show(80, "stats")).toBe(
      [
        "Type            Count",
        "──────────────  ─────",
        "app             1",
        "entitlements    2",
        "grants          6",
        "group           1",
        "resource_types  3",
        "user            3",
        "",
      ].join("\n"),
    );
    expect(await show(80, "resource-types")).toBe(
      [
        "ID     Display name  Traits",
        "─────  ────────────  ───────────",
        "user   User          TRAIT_USER",
        "group  Group         TRAIT_GROUP",
        "app    App           TRAIT_APP",
        "",
      ].join("\n"),
    );
  });

  it("an empty result says so", async () => {
    expect(await show(80, "grants", "-t", "user")).toBe("No grants.\n");
  });
});
