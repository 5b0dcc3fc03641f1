import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeConfig } from "./describe-config.js";
import { secret } from "./meta.js";
import { renderHelp } from "./render-help.js";
import { segmentLikeSchema } from "./test-schemas.js";

describe("renderHelp", () => {
  it("prints cobra-style help with every visible flag, its variable and default", () => {
    const text = renderHelp(segmentLikeSchema, {
      program: "baton-segment",
      summary: "Sync Segment access into a c1z",
      commands: [
        { name: "capabilities", summary: "Get connector capabilities" },
        { name: "help", summary: "Help about any command" },
      ],
    });
    expect(text).toMatchInlineSnapshot(`
      "Sync Segment access into a c1z

      Usage:
        baton-segment [flags]
        baton-segment [command]

      Available Commands:
        capabilities   Get connector capabilities
        help           Help about any command

      Flags:
            --audit-log string               Append one JSON line per grant, revoke, lease and expiry to this file (- for standard output) ($BATON_AUDIT_LOG)
            --client-id string               The client ID used to authenticate with ConductorOne ($BATON_CLIENT_ID)
            --client-secret string           The client secret used to authenticate with ConductorOne ($BATON_CLIENT_SECRET)
            --dry-run                        With a grant or a revoke: make the reads, send no write, and print the writes it would make and the expected outcome ($BATON_DRY_RUN)
            --enforce-grant-duration         Service mode: a grant task that carries a duration also gets a lease, so the access ends even if ConductorOne's revoke never comes ($BATON_ENFORCE_GRANT_DURATION)
        -f, --file string                    The path to the c1z file to sync with ($BATON_FILE) (default "sync.c1z")
            --grant-duration string          Grant for this long only (e.g. 2h, 90m, 1h30m, 7d): the grant is recorded as a lease and revoked when due by 'leases expire' or service mode ($BATON_GRANT_DURATION)
            --grant-reason string            Why the grant is made, kept with its lease and in the audit log ($BATON_GRANT_REASON)
            --health-check                   Service mode: serve /health, /ready and /live for probes ($BATON_HEALTH_CHECK)
            --health-check-port int          Service mode: the port of the health check server ($BATON_HEALTH_CHECK_PORT) (default 8081)
        -h, --help                           help for baton-segment
            --http-debug                     Log each HTTP request (method, path, status, duration) at debug level ($BATON_HTTP_DEBUG)
            --labels strings                 Labels to sync ($BATON_LABELS)
            --lease-check-interval string    Service mode: how often due leases are revoked ($BATON_LEASE_CHECK_INTERVAL) (default "1m")
            --lease-store string             The lease store, a SQLite file (default: next to --file, e.g. sync.leases.db; service mode: in the temp dir) ($BATON_LEASE_STORE)
            --log-format string              The output format for logs: json, console ($BATON_LOG_FORMAT) (default "json")
            --log-level string               The log level: debug, info, warn, error ($BATON_LOG_LEVEL) (default "info")
            --page-size int                  Items per page ($BATON_PAGE_SIZE) (default 200)
        -p, --provisioning                   This must be set in order for provisioning actions to be enabled. ($BATON_PROVISIONING)
        -q, --quiet                          Print less ($BATON_QUIET)
            --region string                  The region of the Segment workspace (one of: us, eu) ($BATON_REGION) (default "us")
            --skip-entitlements-and-grants   This must be set to skip syncing of entitlements and grants ($BATON_SKIP_ENTITLEMENTS_AND_GRANTS)
            --skip-full-sync                 This must be set to skip a full sync: service mode uploads an empty sync instead ($BATON_SKIP_FULL_SYNC)
            --sync-resource-types strings    The resource type IDs to sync (comma-separated; default: all) ($BATON_SYNC_RESOURCE_TYPES)
            --task-concurrency int           Service mode: how many ConductorOne tasks to run at once ($BATON_TASK_CONCURRENCY) (default 3)
            --token string                   The Segment access token used to connect to the Segment API. ($BATON_TOKEN)
        -v, --version                        version for baton-segment
            --workers int                    How many pages to fetch at once ($BATON_WORKERS) (default 4)

      Use "baton-segment [command] --help" for more information about a command.
      "
    `);
  });

  it("matches the Go connector's lines for the base flags", () => {
    const text = renderHelp(z.object({}), { program: "baton-x" });
    expect(text).toContain(
      '  -f, --file string                    The path to the c1z file to sync with ($BATON_FILE) (default "sync.c1z")',
    );
    expect(text).not.toContain("grant-entitlement");
    expect(text).not.toContain("Available Commands");
  });

  it("never shows a secret's default", () => {
    const text = renderHelp(z.object({ key: secret(z.string()).default("default-secret-value") }), {
      program: "p",
    });
    expect(text).not.toContain("default-secret-value");
    expect(text).toContain("($BATON_KEY)");
  });
});

describe("describeConfig", () => {
  it("describes base and connector settings for the config command", () => {
    const fields = describeConfig(segmentLikeSchema);
    expect(fields.map((f) => f.key)).toContain("clientSecret");
    expect(fields.find((f) => f.key === "token")).toEqual({
      key: "token",
      flag: "--token",
      env: "BATON_TOKEN",
      type: "string",
      secret: true,
      hidden: false,
      required: true,
      description: "The Segment access token used to connect to the Segment API.",
    });
    expect(fields.find((f) => f.key === "region")).toMatchObject({
      type: "enum",
      choices: ["us", "eu"],
      default: "us",
      required: false,
    });
    expect(fields.find((f) => f.key === "file")).toMatchObject({ short: "-f", default: "sync.c1z" });
    expect(fields.find((f) => f.key === "syncResourceTypes")).toMatchObject({
      type: "list",
      itemType: "string",
    });
    expect(fields.find((f) => f.key === "grantEntitlement")).toMatchObject({ hidden: true, required: false });
    expect(fields.find((f) => f.key === "clientSecret")).toMatchObject({ secret: true });
    expect(
      JSON.stringify(describeConfig(z.object({ k: secret(z.string()).default("s3cr3t-default") }))),
    ).not.toContain("s3cr3t-default");
  });
});
