import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { type Logger, nullLogger, runSync, type SyncSummary } from "@baton-ts/connector-sdk";
import type { Grant, Resource } from "@baton-ts/protocol";
import { createSentinelOneClient, type SentinelOneClient, sentineloneConnector } from "../src/index.js";
import type { SentinelOneSimulator } from "../src/simulator/index.js";

export const clientFor = (
  sim: SentinelOneSimulator,
  token = sim.tokens.tenant,
  logger: Logger = nullLogger,
) =>
  createSentinelOneClient({
    apiToken: token,
    managementConsoleUrl: sim.url,
    retry: { baseDelayMs: 1, maxDelayMs: 50 },
    logger,
    userAgent: "baton-sentinel-one/test",
  });

export const tempDir = async (): Promise<{ dir: string; cleanup: () => Promise<void> }> => {
  const dir = await mkdtemp(join(tmpdir(), "s1-connector-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
};

export interface SyncedFile {
  readonly summary: SyncSummary;
  readonly resources: Resource[];
  readonly grants: Grant[];
  readonly entitlementIds: Set<string>;
}

/** Syncs into `file` and reads everything back. */
export const syncAndRead = async (
  client: SentinelOneClient,
  file: string,
  logger: Logger = nullLogger,
): Promise<SyncedFile> => {
  const summary = await runSync({
    connector: sentineloneConnector,
    client,
    file,
    logger,
    progressIntervalMs: 0,
  });
  const c1z = await C1zFile.open(file);
  try {
    return {
      summary,
      resources: [...c1z.iterateResources()],
      grants: [...c1z.iterateGrants()],
      entitlementIds: new Set([...c1z.iterateEntitlements()].map((e) => e.id)),
    };
  } finally {
    c1z.close();
  }
};

/** The grant ids the simulator's state implies (the truth the connector must reproduce). */
export const expectedGrantIds = (
  sim: SentinelOneSimulator,
  visible?: (scopeId: string | undefined) => boolean,
) => {
  const out = new Set<string>();
  const principals = [
    ...sim.state.users.all().map((p) => ({ type: "user", p })),
    ...sim.state.serviceUsers.all().map((p) => ({ type: "service_user", p })),
  ];
  for (const { type, p } of principals) {
    for (const entry of p.scopeRoles) {
      if (visible !== undefined && !visible(entry.id)) continue;
      const ent =
        p.scope === "tenant" ? `tenant:tenant:${entry.roleId}` : `${p.scope}:${entry.id}:${entry.roleId}`;
      out.add(`${ent}:${type}:${p.id}`);
    }
  }
  return out;
};
