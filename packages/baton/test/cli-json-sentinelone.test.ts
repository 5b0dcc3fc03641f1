// biome-ignore-all lint/suspicious/noExplicitAny: these tests walk the protojson the program prints; its shape is what they check
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { EXPORT_CSV_HEADERS } from "../src/commands/export.js";
import { baton, batonJson, useCacheDir } from "./support.js";

// The SentinelOne fixture (test/fixtures/tenants.ts, seed 5, "now" 2025-01-15): the tenant, one account
// (Northwind Holdings) with two sites, seven roles, five users and two service users; each principal's
// grants are its scopeRoles. svc-ticketing-2 holds IT at Amsterdam Lab 1 and SOC at the Default site,
// and its API token expired on 2024-10-21, so it reads as disabled. Checked by hand against the
// simulator's seeded state. The engine writes the pages of different resources concurrently, so lists
// that span resources are compared sorted.
const file = inject("sentineloneC1z");
const env = { BATON_CACHE_DIR: useCacheDir() };
const run = (...args: string[]) => batonJson(["-f", file, ...args], env);
const sorted = <T>(items: T[]): T[] =>
  [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("baton -o json on the SentinelOne tenant", () => {
  it("stats", async () => {
    expect(await run("stats")).toEqual({
      account: 1,
      entitlements: 27,
      grants: 11,
      resource_types: 6,
      role: 7,
      service_user: 2,
      site: 2,
      tenant: 1,
      user: 5,
    });
  });

  it("resources: every resource with its type, sites under their account", async () => {
    const out = await run("resources");
    // Resources come out in the order the sync wrote them. Within a type that is the API listing's order;
    // across types it is whichever listing's page was written first, which a busy machine changes (the
    // engine lists types concurrently), so the rows are grouped by type, keeping the order within each.
    const typeOrder = ["tenant", "account", "site", "role", "user", "service_user"];
    const rows: [string, string, string | null][] = out.resources.map((entry: any) => [
      entry.resource.id.resourceType,
      entry.resource.displayName,
      entry.parent?.displayName ?? null,
    ]);
    expect(rows.sort((a, b) => typeOrder.indexOf(a[0]) - typeOrder.indexOf(b[0]))).toEqual([
      ["tenant", "SentinelOne tenant (Global)", null],
      ["account", "Northwind Holdings", null],
      ["site", "Northwind Holdings / Default site", "Northwind Holdings"],
      ["site", "Northwind Holdings / Amsterdam Lab 1", "Northwind Holdings"],
      ["role", "Viewer", null],
      ["role", "C-Level", null],
      ["role", "IT", null],
      ["role", "SOC", null],
      ["role", "IR Team", null],
      ["role", "Admin", null],
      ["role", "Helpdesk", null],
      ["user", "Ava Yilmaz", null],
      ["user", "Zara Chen", null],
      ["user", "Kofi Haddad", null],
      ["user", "Yara Haddad", null],
      ["user", "Emma Haddad", null],
      ["service_user", "svc-mdm-bridge-1", null],
      ["service_user", "svc-ticketing-2", null],
    ]);
  });

  it("principals -e: who holds C-Level at Amsterdam Lab 1", async () => {
    const out = await run("principals", "-e", "site:1200000000000000002:1300000000000000002");
    expect(out.resources.map((entry: any) => entry.resource.displayName)).toEqual([
      "Ava Yilmaz",
      "Kofi Haddad",
      "Yara Haddad",
    ]);
  });

  it("access of a service user: its two site roles, held directly", async () => {
    const out = await run("access", "-t", "service_user", "-r", "1500000000000000002");
    expect(out.principal.displayName).toBe("svc-ticketing-2");
    expect(out.principal.annotations[0]).toMatchObject({
      accountType: "ACCOUNT_TYPE_SERVICE",
      status: { status: "STATUS_DISABLED", details: "API token expired 2024-10-21T00:00:00.000Z" },
    });
    expect(
      sorted(
        out.access.map((entry: any) => [
          entry.resource.displayName,
          entry.entitlements.map((e: any) => e.displayName),
          entry.grants.map((g: any) => [g.id, g.sources ?? null]),
        ]),
      ),
    ).toEqual([
      [
        "Northwind Holdings / Amsterdam Lab 1",
        ["IT at Northwind Holdings / Amsterdam Lab 1"],
        [["site:1200000000000000002:1300000000000000003:service_user:1500000000000000002", null]],
      ],
      [
        "Northwind Holdings / Default site",
        ["SOC at Northwind Holdings / Default site"],
        [["site:1200000000000000001:1300000000000000004:service_user:1500000000000000002", null]],
      ],
    ]);
  });

  it("grants -t site: every grant on a site's entitlements", async () => {
    const out = await run("grants", "-t", "site");
    expect(out.grants).toHaveLength(10); // 11 grants, one of them (svc-mdm-bridge-1) on the account
    expect(out.grants.every((entry: any) => entry.resourceType.id === "site")).toBe(true);
  });

  it("export csv: Go's columns; identities, entitlements and the users' grants", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-csv-"));
    try {
      const out = join(dir, "sync.csv");
      const result = await baton(["-f", file, "export", "csv", "--out", out], env);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(`baton: wrote 45 rows to ${out}\n`);
      const lines = readFileSync(out, "utf8").trimEnd().split("\n");
      expect(lines[0]).toBe(EXPORT_CSV_HEADERS.join(","));
      const kinds = lines.slice(1).map((line) => line.split(",")[0]);
      expect(kinds.filter((kind) => kind === "Identity")).toHaveLength(7); // five users, two service users
      expect(kinds.filter((kind) => kind === "Entitlement")).toHaveLength(27);
      expect(kinds.filter((kind) => kind === "Grant")).toHaveLength(11);
      expect(lines).toContain("Identity,,,,Enabled,ava.yilmaz1@northwind.example.com,,,,,,");
      expect(lines).toContain("Identity,,,,Disabled,,,,,,,");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("export c1z: a file with the latest sync only, which baton reads back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-export-"));
    try {
      const out = join(dir, "latest.c1z");
      const { syncs } = await run("syncs");
      const result = await baton(["-f", file, "export", "c1z", "--out", out], env);
      expect(result.code).toBe(0);
      const exported = await batonJson(["-f", out, "syncs"], env);
      expect(exported.syncs.map((sync: any) => sync.id)).toEqual([syncs.at(-1).id]);
      expect(await batonJson(["-f", out, "stats"], env)).toEqual(await run("stats"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
