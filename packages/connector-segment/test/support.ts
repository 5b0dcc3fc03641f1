import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { type Logger, nullLogger, runSync, type SyncSummary } from "@baton-ts/connector-sdk";
import type { Entitlement, Grant, Resource } from "@baton-ts/protocol";
import { createSegmentClient, type SegmentClient } from "../src/client/segment-client.js";
import { segmentConnector } from "../src/connector.js";
import type { SegmentSimulator } from "../src/simulator/index.js";

/** A client of the simulator with fast IAM-write pacing and quick retries (tests stay fast). */
export const simulatorClient = (sim: SegmentSimulator, logger: Logger = nullLogger): SegmentClient =>
  createSegmentClient({
    baseUrl: sim.url,
    token: sim.token,
    logger,
    iamWritesPerSecond: 1000,
    iamWriteBurst: 100,
    retry: { baseDelayMs: 5, maxDelayMs: 200, maxAttempts: 8 },
  });

export interface SyncedWorkspace {
  readonly file: string;
  readonly summary: SyncSummary;
  readonly resources: Resource[];
  readonly entitlements: Entitlement[];
  readonly grants: Grant[];
}

export const tempDir = (): { path: string; remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), "segment-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/** Syncs the simulator into `<dir>/sync.c1z` and reads everything back from the file. */
export const syncSimulator = async (
  sim: SegmentSimulator,
  dir: string,
  options: { client?: SegmentClient; logger?: Logger; file?: string } = {},
): Promise<SyncedWorkspace> => {
  const file = options.file ?? join(dir, "sync.c1z");
  const summary = await runSync({
    connector: segmentConnector,
    client: options.client ?? simulatorClient(sim),
    file,
    logger: options.logger ?? nullLogger,
    progressIntervalMs: 0,
  });
  const c1z = await C1zFile.open(file, { readOnly: true });
  try {
    return {
      file,
      summary,
      resources: [...c1z.iterateResources()],
      entitlements: [...c1z.iterateEntitlements()],
      grants: [...c1z.iterateGrants()],
    };
  } finally {
    c1z.close();
  }
};

/** Grants that the connector emitted (not created by expansion). */
export const directGrants = (grants: readonly Grant[]): Grant[] =>
  grants.filter(
    (g) =>
      Object.keys(g.sources?.sources ?? {}).length === 0 ||
      g.sources?.sources[g.entitlement?.id ?? ""] !== undefined,
  );
