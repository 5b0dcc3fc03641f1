import { z } from "zod";
import { secret } from "./meta.js";

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
  if (grantSet.length > 0 && isSet(config.revokeGrant)) {
    ctx.addIssue({
      code: "custom",
      path: ["revokeGrant"],
      message: "--grant-entitlement and --revoke-grant cannot be used together: choose one action",
    });
  }
};
