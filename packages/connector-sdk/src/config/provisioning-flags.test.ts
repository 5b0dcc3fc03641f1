import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { loadConfig } from "./load-config.js";

const load = (argv: string[]) => loadConfig(z.object({}), { argv, env: {} });
const GRANT = [
  "--grant-entitlement",
  "group:g1:member",
  "--grant-principal-type",
  "user",
  "--grant-principal",
  "u1",
];

describe("the flags of leases, the dry run and the audit log", () => {
  it("reads them with a grant", () => {
    const { config } = load([
      ...GRANT,
      "--grant-duration",
      "1h30m",
      "--grant-reason",
      "INC-7",
      "--dry-run",
      "--audit-log",
      "-",
    ]);
    expect(config).toMatchObject({
      grantDuration: "1h30m",
      grantReason: "INC-7",
      dryRun: true,
      auditLog: "-",
    });
    expect(load([]).config).toMatchObject({
      dryRun: false,
      enforceGrantDuration: false,
      leaseCheckInterval: "1m",
    });
  });

  it.each([
    [
      [...GRANT, "--grant-duration", "2 hours"],
      /invalid --grant-duration \/ BATON_GRANT_DURATION: the grant duration must be a duration such as 2h, 90m, 1h30m or 7d/,
    ],
    [["--grant-duration", "2h"], /--grant-duration applies to a grant: set it with --grant-entitlement/],
    [["--grant-reason", "x"], /--grant-reason applies to a grant/],
    [["--dry-run"], /--dry-run applies to a grant \(--grant-entitlement …\) or a revoke \(--revoke-grant\)/],
    [["--lease-check-interval", "soon"], /invalid --lease-check-interval \/ BATON_LEASE_CHECK_INTERVAL/],
  ])("refuses %j with one clear message", (argv, message) => {
    expect(() => load(argv)).toThrow(ConfigError);
    expect(() => load(argv)).toThrow(message);
  });

  it("takes --dry-run with a revoke", () => {
    expect(load(["--revoke-grant", "group:g1:member:user:u1", "--dry-run"]).config.dryRun).toBe(true);
  });
});
