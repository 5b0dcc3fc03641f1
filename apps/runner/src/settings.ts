import { type AnyConnectorDefinition, describeConfig, loadConfig } from "@baton-ts/connector-sdk";

/** Baton's base settings, as the runner reads them from the sdk's merged config. */
export interface BaseSettings {
  readonly file: string;
  readonly logLevel: "debug" | "info" | "warn" | "error";
  readonly logFormat: "json" | "console";
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly provisioning: boolean;
  readonly c1zTempDir?: string | undefined;
  readonly grantEntitlement?: string | undefined;
  readonly grantPrincipal?: string | undefined;
  readonly grantPrincipalType?: string | undefined;
  readonly revokeGrant?: string | undefined;
  readonly skipEntitlementsAndGrants?: boolean | undefined;
  readonly skipGrants?: boolean | undefined;
  readonly syncResourceTypes?: readonly string[] | undefined;
  readonly workers?: number | undefined;
}

export interface LoadedSettings {
  readonly base: BaseSettings;
  /** The whole parsed object (base and connector fields), handed to the connector's `connect`. */
  readonly config: Record<string, unknown>;
  /** Positional arguments: the subcommand. */
  readonly args: readonly string[];
  /** Values of every secret setting, registered with the logger's redactor. */
  readonly secrets: readonly string[];
}

/**
 * Flags > BATON_* variables > defaults, through the sdk's config loader (which throws a ConfigError
 * naming the flag and the variable). `relaxed` makes the connector's own settings optional, for the
 * commands that never call the API (`capabilities`, `config`).
 */
export const loadSettings = (
  connector: AnyConnectorDefinition,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: { relaxed?: boolean } = {},
): LoadedSettings => {
  const schema = options.relaxed === true ? connector.config.partial() : connector.config;
  const { config, args } = loadConfig(schema, { argv: [...argv], env: { ...env } });
  const record = config as Record<string, unknown>;
  return {
    base: record as unknown as BaseSettings,
    config: record,
    args,
    secrets: secretValues(connector, record),
  };
};

const secretValues = (connector: AnyConnectorDefinition, config: Record<string, unknown>): string[] => {
  // describeConfig lists Baton's base settings too, so the ConductorOne client secret is included.
  return describeConfig(connector.config)
    .filter((field) => field.secret)
    .map((field) => config[field.key])
    .filter((value): value is string => typeof value === "string" && value.length > 0);
};
