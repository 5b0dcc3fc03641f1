import { ConfigError } from "../errors.js";

/**
 * Flags of Baton's Go SDK (baton-sdk's pkg/cli and pkg/config) that these programs do not implement yet,
 * by feature. Named explicitly so that a person gets "not supported yet" instead of "unknown flag",
 * and a Kubernetes manifest that sets one of their variables gets a warning instead of silence.
 */
const UNSUPPORTED_BY_FEATURE: Readonly<Record<string, readonly string[]>> = {
  "account creation": [
    "create-account-login",
    "create-account-email",
    "create-account-profile",
    "create-account-resource-type",
  ],
  "resource deletion": ["delete-resource", "delete-resource-type"],
  "credential rotation": ["rotate-credentials", "rotate-credentials-type"],
  "event feeds": ["event-feed", "event-feed-id", "event-feed-start-at", "event-feed-cursor"],
  ticketing: [
    "ticketing",
    "create-ticket",
    "bulk-create-ticket",
    "get-ticket",
    "list-ticket-schemas",
    "ticket-id",
    "ticket-template-path",
  ],
  "sync diffs and compaction": [
    "diff-syncs",
    "base-sync-id",
    "applied-sync-id",
    "compact-syncs",
    "compact-file-paths",
    "compact-sync-ids",
    "compact-output-path",
  ],
  actions: ["invoke-action", "invoke-action-args", "list-action-schemas"],
  "external resources": ["external-resource-c1z", "external-resource-entitlement-id-filter"],
  "targeted syncs": ["sync-resources"],
  "other Baton settings": [
    "log-path",
    "storage-engine",
    "http-timeout-seconds",
    "auth-method",
    "keep-previous-sync-c1z",
    "otel-collector-endpoint",
  ],
};

const FEATURE_OF_FLAG: ReadonlyMap<string, string> = new Map(
  Object.entries(UNSUPPORTED_BY_FEATURE).flatMap(([feature, flags]) =>
    flags.map((flag) => [flag, feature] as const),
  ),
);

const variableOf = (flag: string): string => `BATON_${flag.toUpperCase().replaceAll("-", "_")}`;

/** Throws a usage error for the first unsupported Baton flag on the command line. */
export const rejectUnsupportedFlags = (argv: readonly string[]): void => {
  for (const arg of argv) {
    if (arg === "--") return;
    if (!arg.startsWith("--")) continue;
    const name = arg.slice(2).split("=", 1)[0] ?? "";
    const feature = FEATURE_OF_FLAG.get(name);
    if (feature !== undefined) {
      throw new ConfigError(
        `--${name} is a Baton flag for ${feature}, which this program does not support yet (docs/running.md, "Not supported yet")`,
      );
    }
  }
};

/** The unsupported Baton variables that are set (and will be ignored), e.g. from a Go manifest. */
export const unsupportedVariables = (env: Readonly<Record<string, string | undefined>>): string[] =>
  [...FEATURE_OF_FLAG.keys()].map(variableOf).filter((name) => (env[name] ?? "") !== "");
