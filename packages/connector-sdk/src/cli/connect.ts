import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { Logger } from "../log/logger.js";

export interface ProgramIdentity {
  readonly program: string;
  readonly version: string;
}

/** Builds the connector's client from the parsed settings; `connect` does no network I/O. */
export const connectClient = async (
  connector: AnyConnectorDefinition,
  config: Record<string, unknown>,
  logger: Logger,
  identity: ProgramIdentity,
): Promise<unknown> =>
  connector.connect(config, {
    logger,
    userAgent: `${identity.program}/${identity.version}`,
    httpDebug: config.httpDebug === true,
  });
