import { runInCallScope } from "../contract/call-scope.js";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { Logger } from "../log/logger.js";
import { memorySession } from "../session/memory-session.js";

/**
 * Calls the connector's `validate` as every entry point does (before a sync, `validate`, service
 * mode's health check): in a call scope, so the sdk's HTTP client follows `signal`, with a session of
 * its own in memory (no sync is running yet).
 */
export const validateConnector = (
  connector: AnyConnectorDefinition,
  client: unknown,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> =>
  runInCallScope(signal, () => connector.validate(client, { logger, signal, session: memorySession() }));
