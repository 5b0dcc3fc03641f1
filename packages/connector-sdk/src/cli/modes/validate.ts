import type { AnyConnectorDefinition } from "../../contract/connector.js";
import { validateConnector } from "../../engine/validate.js";
import type { Logger } from "../../log/logger.js";

export interface ValidateModeInput {
  readonly connector: AnyConnectorDefinition;
  readonly client: unknown;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly stdout: NodeJS.WritableStream;
}

/** `validate`: one cheap authenticated call through the connector; a refusal is thrown and explained. */
export const runValidateMode = async (input: ValidateModeInput): Promise<void> => {
  const { connector, client, logger, signal } = input;
  await validateConnector(connector, client, logger, signal);
  input.stdout.write(`Valid: ${connector.metadata.displayName} accepted the configured credentials\n`);
};
