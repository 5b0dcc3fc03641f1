import { C1zFile } from "@baton-ts/c1z";
import type { ConnectorWithClient } from "../contract/connector.js";
import type { CallContext } from "../contract/context.js";
import { ConnectorError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import { DEFAULT_MAX_PAGES } from "../paging/cursor-trail.js";
import { checkDefinition } from "./check-definition.js";
import { callConnector } from "./connector-call.js";
import type { PageWriterOptions } from "./page-writer.js";
import { ProgressReporter } from "./progress.js";
import { planSync } from "./sync-plan.js";
import { SyncRun } from "./sync-run.js";
import { SyncSession, type SyncSessionOptions } from "./sync-session.js";
import { decodeSyncState, initialSyncState, type SyncOptionsRecord } from "./sync-state.js";
import { validateConnector } from "./validate.js";

/** A sync's options; `connector` and `client` are typed together (ConnectorWithClient). */
// biome-ignore lint/suspicious/noExplicitAny: without a type argument, any connector with any client.
export interface RunSyncOptions<TClient = any> extends ConnectorWithClient<TClient> {
  /** The c1z to write; a killed sync on the same file resumes. */
  readonly file: string;
  readonly logger: Logger;
  /** Connector calls in flight at once (default 4). */
  readonly concurrency?: number | undefined;
  readonly skipEntitlementsAndGrants?: boolean | undefined;
  readonly skipGrants?: boolean | undefined;
  /** Store grants as listed, without deriving the ones grant expansion adds. */
  readonly skipExpandGrants?: boolean | undefined;
  /** Only these resource types (plus the parents their listing needs). */
  readonly resourceTypes?: readonly string[] | undefined;
  readonly tempDir?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Interval of the progress line (default 5000 ms; 0 disables it). */
  readonly progressIntervalMs?: number | undefined;
  /** Call the connector's `validate` first, like Baton's syncer (default true). */
  readonly validate?: boolean | undefined;
  /** How pages are grouped into checkpointed transactions (tests use small values). */
  readonly checkpoint?: PageWriterOptions | undefined;
  /**
   * Pages one listing may take before it is stopped as an API that never ends it (default 100,000).
   * A cursor that comes back is caught at once, whatever this is.
   */
  readonly maxPagesPerListing?: number | undefined;
  /**
   * A grant on an entitlement that no entitlements() call of this sync returned: `fail` the sync (a
   * bug in the connector), or `drop` it, counted in the summary. Default: the connector's own
   * `unlistedEntitlementGrants`, else `fail`.
   */
  readonly unlistedEntitlementGrants?: "fail" | "drop" | undefined;
  /** The session's memory cache in front of the work DB. */
  readonly session?: SyncSessionOptions | undefined;
  /**
   * Called once the page a connector call returned is committed with its checkpoint, with the context
   * that call was given: from then on a kill cannot lose it (the testing kit's resume accounting).
   */
  readonly onPageCommitted?: ((call: CallContext) => void) | undefined;
}

export interface SyncSummary {
  readonly syncId: string;
  /** Whether this run continued an interrupted sync. */
  readonly resumed: boolean;
  readonly durationMs: number;
  readonly resourceTypes: number;
  readonly resources: Record<string, number>;
  readonly entitlements: number;
  /** All grants stored, expanded ones included. */
  readonly grants: number;
  readonly expandedGrants: number;
  /** Grants left out because their entitlement was not listed (`unlistedEntitlementGrants: "drop"`). */
  readonly droppedGrants: number;
  /** Connector pages fetched by this sync (across resumes). */
  readonly pages: number;
}

const sameOptions = (a: SyncOptionsRecord, b: SyncOptionsRecord): boolean =>
  a.skipEntitlementsAndGrants === b.skipEntitlementsAndGrants &&
  a.skipGrants === b.skipGrants &&
  (a.skipExpandGrants ?? false) === (b.skipExpandGrants ?? false) &&
  [...a.types].sort().join(",") === [...b.types].sort().join(",");

/**
 * Runs a sync into a c1z: Baton's phases, checkpointed with the data (a killed run resumes where it
 * stopped on the next run against the same file), bounded concurrency, and a c1z that holds exactly
 * one more finished sync at the end (older ones beyond Baton's retention are cleaned up).
 */
export const runSync = async <TClient>(options: RunSyncOptions<TClient>): Promise<SyncSummary> => {
  const startedAt = Date.now();
  const { connector, logger } = options;
  checkDefinition(connector);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const requested: SyncOptionsRecord = {
    types: [...(options.resourceTypes ?? [])],
    skipEntitlementsAndGrants: options.skipEntitlementsAndGrants ?? false,
    skipGrants: options.skipGrants ?? false,
    ...(options.skipExpandGrants === true ? { skipExpandGrants: true } : {}),
  };
  // Unknown type names fail before the file is touched.
  planSync(connector, requested);

  const controller = new AbortController();
  const interrupted = (): void =>
    controller.abort(
      new ConnectorError("unavailable", "the sync was interrupted; run it again on the same file to resume", {
        cause: options.signal?.reason,
      }),
    );
  if (options.signal?.aborted) interrupted();
  options.signal?.addEventListener("abort", interrupted, { once: true });

  const file = await C1zFile.open(
    options.file,
    options.tempDir === undefined ? {} : { tempDir: options.tempDir },
  );
  const progress = new ProgressReporter(logger, options.progressIntervalMs ?? 5000);
  try {
    for (const warning of file.warnings) logger.warn(warning, { file: options.file });
    if (options.validate !== false) {
      await callConnector({ phase: "validating credentials", resourceType: "(connector)" }, () =>
        validateConnector(connector, options.client, logger, controller.signal),
      );
    }
    const started = file.startOrResumeSync();
    file.database.sessions.open();
    const saved = decodeSyncState(started.token);
    const state = saved ?? initialSyncState(requested);
    if (saved !== undefined && !sameOptions(saved.options, requested)) {
      logger.warn("resuming a sync that started with other options; it keeps its original options", {
        syncId: started.syncId,
        original: saved.options,
        requested,
      });
    }
    const plan = planSync(connector, state.options);
    logger.info("sync starting", {
      syncId: started.syncId,
      resumed: started.resumed,
      phase: state.phase,
      connector: connector.id,
      concurrency,
      resourceTypes: plan.types.map((def) => def.id),
    });
    progress.start();
    const run = new SyncRun(
      {
        file,
        syncId: started.syncId,
        plan,
        client: options.client,
        concurrency,
        logger,
        signal: controller.signal,
        abort: (reason) => {
          if (!controller.signal.aborted) controller.abort(reason);
        },
        progress,
        writer: options.checkpoint,
        session: new SyncSession(file.database.sessions, started.syncId, options.session),
        maxPagesPerListing: options.maxPagesPerListing ?? DEFAULT_MAX_PAGES,
        unlistedEntitlementGrants:
          options.unlistedEntitlementGrants ?? connector.unlistedEntitlementGrants ?? "fail",
        onPageCommitted: options.onPageCommitted,
      },
      state,
    );
    await run.run();
    progress.stop();

    file.endSync(started.syncId);
    const stats = file.stats(started.syncId);
    file.cleanup();
    await file.save();
    const summary: SyncSummary = {
      syncId: started.syncId,
      resumed: started.resumed,
      durationMs: Date.now() - startedAt,
      resourceTypes: stats.resourceTypes,
      resources: stats.resources,
      entitlements: stats.entitlements,
      grants: stats.grants,
      expandedGrants: run.totals.expandedGrants,
      droppedGrants: run.totals.droppedGrants,
      pages: run.totals.pages,
    };
    const seconds = Math.max(summary.durationMs / 1000, 0.001);
    logger.info("sync finished", { ...summary, grantsPerSecond: Math.round(summary.grants / seconds) });
    return summary;
  } catch (error) {
    // An interruption surfaces as the interruption, not as whatever the aborted call threw. It is
    // not logged here: whoever ran the sync reports it, once (the program: one error line).
    throw controller.signal.aborted && options.signal?.aborted ? controller.signal.reason : error;
  } finally {
    progress.stop();
    options.signal?.removeEventListener("abort", interrupted);
    file.close();
  }
};
