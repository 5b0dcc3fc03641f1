import { resolve } from "node:path";
import type { AnyConnectorDefinition } from "../../contract/connector.js";
import { runSync, type SyncSummary } from "../../engine/sync.js";
import type { Logger } from "../../log/logger.js";
import type { BaseSettings } from "../settings.js";
import { formatSyncSummary } from "../summary.js";

export interface SyncModeInput {
  readonly connector: AnyConnectorDefinition;
  readonly client: unknown;
  readonly settings: BaseSettings;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly stdout: NodeJS.WritableStream;
}

/** The default mode: one sync into `--file`; a killed run resumes from its checkpoint. */
export const runSyncMode = async (input: SyncModeInput): Promise<SyncSummary> => {
  const { connector, client, settings, logger, signal } = input;
  const summary = await runSync({
    connector,
    client,
    file: settings.file,
    logger,
    signal,
    ...(settings.workers === undefined ? {} : { concurrency: settings.workers }),
    ...(settings.skipEntitlementsAndGrants === true ? { skipEntitlementsAndGrants: true } : {}),
    ...(settings.skipGrants === true ? { skipGrants: true } : {}),
    ...(settings.syncResourceTypes !== undefined && settings.syncResourceTypes.length > 0
      ? { resourceTypes: [...settings.syncResourceTypes] }
      : {}),
    ...(settings.c1zTempDir === undefined ? {} : { tempDir: settings.c1zTempDir }),
  });
  // The absolute path: a relative --file through `pnpm <script>` lands in the directory pnpm runs the
  // script in (the package's), which is not always where the command was typed.
  input.stdout.write(formatSyncSummary(connector, resolve(settings.file), summary));
  return summary;
};
