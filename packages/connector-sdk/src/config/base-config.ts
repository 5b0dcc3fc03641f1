import { z } from "zod";
import { DURATION_HINT, parseDuration } from "../leases/duration.js";
import { secret } from "./meta.js";

const duration = (what: string) =>
  z.string().refine((text) => parseDuration(text) !== undefined, {
    message: `${what} must be ${DURATION_HINT}`,
  });

/**
 * Baton's base settings, part of every connector's configuration: the same flags, defaults and
 * descriptions as the Go SDK (so the Go connectors' manifests work unchanged), plus `workers` and
 * `httpDebug`, which are ours.
 */
export const baseConfigSchema = z.object({
  clientId: z
    .string()
    .optional()
    .meta({ description: "The client ID used to authenticate with ConductorOne" }),
  clientSecret: secret(z.string())
    .optional()
    .meta({ description: "The client secret used to authenticate with ConductorOne" }),
  file: z
    .string()
    .min(1)
    .default("sync.c1z")
    .meta({ description: "The path to the c1z file to sync with", short: "f" }),
  logFormat: z
    .enum(["json", "console"])
    .default("json")
    .meta({ description: "The output format for logs: json, console" }),
  logLevel: z
    .enum(["debug", "info", "warn", "error"])
    .default("info")
    .meta({ description: "The log level: debug, info, warn, error" }),
  provisioning: z
    .boolean()
    .default(false)
    .meta({ description: "This must be set in order for provisioning actions to be enabled.", short: "p" }),
  c1zTempDir: z.string().optional().meta({
    description: "The directory to store temporary files in. It must exist, and write access is required.",
    hidden: true,
  }),
  grantEntitlement: z
    .string()
    .optional()
    .meta({ description: "The id of the entitlement to grant to the supplied principal", hidden: true }),
  grantPrincipal: z
    .string()
    .optional()
    .meta({ description: "The id of the resource to grant the entitlement to", hidden: true }),
  grantPrincipalType: z
    .string()
    .optional()
    .meta({ description: "The resource type of the principal to grant the entitlement to", hidden: true }),
  revokeGrant: z.string().optional().meta({ description: "The grant to revoke", hidden: true }),
  skipEntitlementsAndGrants: z
    .boolean()
    .default(false)
    .meta({ description: "This must be set to skip syncing of entitlements and grants" }),
  skipGrants: z.boolean().default(false).meta({
    description: "This must be set to skip syncing of grants only (entitlements will still be synced)",
    hidden: true,
  }),
  syncResourceTypes: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: "The resource type IDs to sync (comma-separated; default: all)" }),
  workers: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .meta({ description: "How many pages to fetch at once" }),
  // Service mode (with --client-id): Baton's flags of the same names and defaults.
  skipFullSync: z.boolean().default(false).meta({
    description: "This must be set to skip a full sync: service mode uploads an empty sync instead",
  }),
  taskConcurrency: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .meta({ description: "Service mode: how many ConductorOne tasks to run at once" }),
  healthCheck: z
    .boolean()
    .default(false)
    .meta({ description: "Service mode: serve /health, /ready and /live for probes" }),
  healthCheckPort: z
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(8081)
    .meta({ description: "Service mode: the port of the health check server" }),
  healthCheckBindAddress: z.string().min(1).default("127.0.0.1").meta({
    description: "Service mode: the address the health check server listens on",
    hidden: true,
  }),
  httpDebug: z
    .boolean()
    .default(false)
    .meta({ description: "Log each HTTP request (method, path, status, duration) at debug level" }),
  // Time-bound grants, the audit log and the dry run: ours (see docs/running.md).
  grantDuration: duration("the grant duration").optional().meta({
    description:
      "Grant for this long only (e.g. 2h, 90m, 1h30m, 7d): the grant is recorded as a lease and revoked when due by 'leases expire' or service mode",
  }),
  grantReason: z
    .string()
    .optional()
    .meta({ description: "Why the grant is made, kept with its lease and in the audit log" }),
  leaseStore: z.string().min(1).optional().meta({
    description:
      "The lease store, a SQLite file (default: next to --file, e.g. sync.leases.db; service mode: in the temp dir)",
  }),
  enforceGrantDuration: z.boolean().default(false).meta({
    description:
      "Service mode: a grant task that carries a duration also gets a lease, so the access ends even if ConductorOne's revoke never comes",
  }),
  leaseCheckInterval: duration("the lease check interval").default("1m").meta({
    description: "Service mode: how often due leases are revoked",
  }),
  dryRun: z.boolean().default(false).meta({
    description:
      "With a grant or a revoke: make the reads, send no write, and print the writes it would make and the expected outcome",
  }),
  auditLog: z.string().min(1).optional().meta({
    description:
      "Append one JSON line per grant, revoke, lease and expiry to this file (- for standard output)",
  }),
});

export type BaseConfig = z.output<typeof baseConfigSchema>;

const GRANT_FLAGS = [
  ["grantEntitlement", "--grant-entitlement"],
  ["grantPrincipal", "--grant-principal"],
  ["grantPrincipalType", "--grant-principal-type"],
] as const;

const isSet = (value: unknown): boolean => value !== undefined && value !== "";

/**
 * The rules between base settings: flags that only make sense together, and one-shot actions that
 * exclude each other. Messages name the flags; the loader adds nothing to `custom` issues.
 */
export const checkBaseConfig = (config: BaseConfig, ctx: z.RefinementCtx): void => {
  if (isSet(config.clientId) !== isSet(config.clientSecret)) {
    ctx.addIssue({
      code: "custom",
      path: [isSet(config.clientId) ? "clientSecret" : "clientId"],
      message:
        "--client-id and --client-secret must be set together (BATON_CLIENT_ID, BATON_CLIENT_SECRET): both for service mode, neither for a one-shot run",
    });
  }
  const grantSet = GRANT_FLAGS.filter(([key]) => isSet(config[key]));
  if (grantSet.length > 0 && grantSet.length < GRANT_FLAGS.length) {
    const missing = GRANT_FLAGS.filter(([key]) => !isSet(config[key]));
    ctx.addIssue({
      code: "custom",
      path: [missing[0]?.[0] ?? "grantEntitlement"],
      message: `--grant-entitlement, --grant-principal and --grant-principal-type are required together: missing ${missing.map(([, flag]) => flag).join(", ")}`,
    });
  }
  if (isSet(config.grantDuration) && grantSet.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["grantDuration"],
      message:
        "--grant-duration applies to a grant: set it with --grant-entitlement, --grant-principal and --grant-principal-type",
    });
  }
  if (isSet(config.grantReason) && grantSet.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["grantReason"],
      message: "--grant-reason applies to a grant: set it with --grant-entitlement (and --grant-duration)",
    });
  }
  if (config.dryRun && grantSet.length === 0 && !isSet(config.revokeGrant)) {
    ctx.addIssue({
      code: "custom",
      path: ["dryRun"],
      message:
        "--dry-run applies to a grant (--grant-entitlement …) or a revoke (--revoke-grant): a sync only reads anyway",
    });
  }
  if (grantSet.length > 0 && isSet(config.revokeGrant)) {
    ctx.addIssue({
      code: "custom",
      path: ["revokeGrant"],
      message: "--grant-entitlement and --revoke-grant cannot be used together: choose one action",
    });
  }
};
