import type { BaseConfig } from "../config/base-config.js";
import { describeConfig } from "../config/describe-config.js";
import { loadConfig } from "../config/load-config.js";
import type { AnyConnectorDefinition } from "../contract/connector.js";

/** Baton's base settings (the sdk's schema), the part of the configuration the program acts on. */
export type BaseSettings = BaseConfig;

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
  const record: Record<string, unknown> = config;
  return {
    base: config,
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
