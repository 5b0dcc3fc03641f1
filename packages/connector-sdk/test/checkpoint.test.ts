import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { C1zFile } from "@baton-ts/c1z";
import { describe, expect, it } from "vitest";
import type { AnyConnectorDefinition } from "../src/contract/connector.js";
import type { ResourceTypeDefinition } from "../src/contract/resource-type.js";
import { runSync } from "../src/engine/index.js";
import { ConnectorError } from "../src/errors.js";
import { createMemoryLogger, nullLogger } from "../src/log/index.js";
import { createSampleDirectory, sampleConnector } from "../src/sample/index.js";
import {
  diffSnapshots,
  type MemoryTenant,
  memoryConnector,
  readSyncSnapshot,
  runKillAndResume,
} from "../src/testing/index.js";
import { readStored, useTempDir } from "./support/files.js";

const tempDir = useTempDir();

const tenantOptions = {
  resources: 300,
  grantsPerResource: 4,
  usersPerPage: 25,
  grantsPerPage: 2,
  roles: 5,
} as const;

/** Calls `onCall(n)` before the n-th connector call (1-based), which may throw or abort. */
const intercepted = (
  connector: AnyConnectorDefinition,
  onCall: (n: number) => void,
): AnyConnectorDefinition => {
  let calls = 0;
  const before = () => {
    calls += 1;
    onCall(calls);
  };
  // biome-ignore lint/suspicious/noExplicitAny: wraps definitions of any client type.
  const wrap = (def: ResourceTypeDefinition<any>): ResourceTypeDefinition<any> => ({
    ...def,
    list: async (c, a, x) => {
      before();
      return def.list(c, a, x);
    },
    ...(def.entitlements && {
      entitlements: async (c, a, x) => {
        before();
        return (def.entitlements as NonNullable<typeof def.entitlements>)(c, a, x);
      },
    }),
    ...(def.grants && {
      grants: async (c, a, x) => {
        before();
        return (def.grants as NonNullable<typeof def.grants>)(c, a, x);
      },
    }),
  });
  return { ...connector, resourceTypes: connector.resourceTypes.map(wrap) };
};

const baseline = async (dir: string) => {
  const connector = memoryConnector(tenantOptions);
  const client = (await connector.connect({}, { logger: nullLogger, userAgent: "t" })) as MemoryTenant;
  const file = join(dir, "baseline.c1z");
  await runSync({ connector, client, file, logger: nullLogger });
  return { file, calls: client.calls.total, snapshot: await readSyncSnapshot(file) };
};

describe("checkpoint and resume", () => {
  it("keeps at most `concurrency` connector calls in flight, and uses them", async () => {
    for (const concurrency of [1, 3]) {
      const connector = memoryConnector({
        resources: 80,
        grantsPerResource: 2,
        usersPerPage: 10,
        grantsPerPage: 2,
        latencyMs: 2,
      });
      const client = (await connector.connect({}, { logger: nullLogger, userAgent: "t" })) as MemoryTenant;
      await runSync({
        connector,
        client,
        file: join(tempDir(), `c${concurrency}.c1z`),
        logger: nullLogger,
        concurrency,
      });
      expect(client.calls.maxInFlight).toBe(concurrency);
    }
  });

  it("resumes an interrupted sync where it stopped, with the same result as an uninterrupted one", async () => {
    const dir = tempDir();
    const reference = await baseline(dir);
    const file = join(dir, "interrupted.c1z");
    const controller = new AbortController();
    const connector = memoryConnector(tenantOptions);
    const interrupting = intercepted(connector, (n) => {
      if (n === 120) controller.abort();
    });
    const first = runSync({
      connector: interrupting,
      client: await connector.connect({}, { logger: nullLogger, userAgent: "t" }),
      file,
      logger: nullLogger,
      signal: controller.signal,
    });
    await expect(first).rejects.toThrow(/the sync was interrupted; run it again on the same file to resume/);

    // The checkpoint is small: positions and in-flight cursors, not lists of work.
    const work = await C1zFile.open(file);
    const token = work.listSyncs()[0]?.token ?? "";
    work.close();
    expect(JSON.parse(token)).toMatchObject({ v: 1, phase: expect.stringMatching(/entitlements|grants/) });
    expect(token.length).toBeLessThan(2000);

    const client = (await connector.connect({}, { logger: nullLogger, userAgent: "t" })) as MemoryTenant;
    const second = await runSync({ connector, client, file, logger: nullLogger });
    expect(second.resumed).toBe(true);
    // It did not start over.
    expect(client.calls.total).toBeLessThan(reference.calls - 100);
    expect(diffSnapshots(reference.snapshot, await readSyncSnapshot(file))).toEqual([]);
    const stored = await readStored(file);
    expect(stored.syncs.map((s) => s.finished)).toEqual([true]);
  });

  it("resumes to the same result when interrupted at any call, children and expansion included (sample)", async () => {
    const dir = tempDir();
    const reference = join(dir, "reference.c1z");
    await runSync({
      connector: sampleConnector,
      client: createSampleDirectory(),
      file: reference,
      logger: nullLogger,
    });
    const expected = await readSyncSnapshot(reference);
    // The sample makes 21 calls: users (3 pages), groups, the app, its roles (a child listing),
    // entitlements, grants.
    for (const stopAt of [1, 3, 5, 6, 8, 12, 15, 19, 21]) {
      const file = join(dir, `stop-${stopAt}.c1z`);
      const controller = new AbortController();
      const stopping = intercepted(sampleConnector, (n) => {
        if (n === stopAt) controller.abort();
      });
      const directory = createSampleDirectory();
      await expect(
        runSync({
          connector: stopping,
          client: directory,
          file,
          logger: nullLogger,
          signal: controller.signal,
          concurrency: 2,
        }),
      ).rejects.toThrow(/interrupted/);
      const resumed = await runSync({
        connector: sampleConnector,
        client: directory,
        file,
        logger: nullLogger,
        concurrency: 3,
      });
      expect(resumed.resumed, `stopped at call ${stopAt}`).toBe(true);
      expect(diffSnapshots(expected, await readSyncSnapshot(file)), `stopped at call ${stopAt}`).toEqual([]);
    }
  });

  it("a resume keeps the options the sync started with, and says so", async () => {
    const file = join(tempDir(), "options.c1z");
    const controller = new AbortController();
    const stopping = intercepted(sampleConnector, (n) => {
      if (n === 4) controller.abort();
    });
    const directory = createSampleDirectory();
    await expect(
      runSync({
        connector: stopping,
        client: directory,
        file,
        logger: nullLogger,
        signal: controller.signal,
        skipGrants: true,
      }),
    ).rejects.toThrow(/interrupted/);
    const logger = createMemoryLogger("warn");
    const resumed = await runSync({ connector: sampleConnector, client: directory, file, logger });
    expect(resumed.resumed).toBe(true);
    expect(resumed.grants).toBe(0);
    expect(logger.records.map((r) => r.msg)).toContain(
      "resuming a sync that started with other options; it keeps its original options",
    );
  });

  it("fails on an error that outlived the HTTP client's retries, and the next run resumes", async () => {
    const dir = tempDir();
    const reference = await baseline(dir);
    const file = join(dir, "failed.c1z");
    const connector = memoryConnector(tenantOptions);
    const failing = intercepted(connector, (n) => {
      if (n === 200) throw new ConnectorError("unavailable", "the API is down (503 after 6 attempts)");
    });
    const client = await connector.connect({}, { logger: nullLogger, userAgent: "t" });
    await expect(runSync({ connector: failing, client, file, logger: nullLogger })).rejects.toThrow(
      /the API is down/,
    );
    const resumed = await runSync({ connector, client, file, logger: nullLogger });
    expect(resumed.resumed).toBe(true);
    expect(diffSnapshots(reference.snapshot, await readSyncSnapshot(file))).toEqual([]);
  });

  it("resumes an interrupted grant expansion", async () => {
    const dir = tempDir();
    const reference = await baseline(dir);
    const file = join(dir, "expansion.c1z");
    const connector = memoryConnector(tenantOptions);
    const controller = new AbortController();
    // Interrupt the moment expansion starts: every listing is done and checkpointed by then.
    const logger = {
      ...nullLogger,
      info: (msg: string) => {
        if (msg === "grant expansion") controller.abort();
      },
      child: () => logger,
    };
    const client = await connector.connect({}, { logger: nullLogger, userAgent: "t" });
    await expect(runSync({ connector, client, file, logger, signal: controller.signal })).rejects.toThrow(
      /interrupted/,
    );
    const work = await C1zFile.open(file);
    expect(JSON.parse(work.listSyncs()[0]?.token ?? "{}")).toMatchObject({ phase: "expansion" });
    work.close();
    const counting = intercepted(connector, () => {
      throw new Error("a resumed expansion must not call the connector");
    });
    const resumed = await runSync({ connector: counting, client, file, logger: nullLogger, validate: false });
    expect(resumed.resumed).toBe(true);
    expect(resumed.expandedGrants).toBeGreaterThan(0);
    expect(diffSnapshots(reference.snapshot, await readSyncSnapshot(file))).toEqual([]);
  });

  it("survives kill -9 of the syncing process at several points (child Node processes), redoing only what was in flight", async () => {
    const result = await runKillAndResume({
      workerModule: fileURLToPath(new URL("./fixtures/memory-worker.mjs", import.meta.url)),
      // The first run dies at its third call; the others when all runs together reach 30, 60 and 90%
      // of the calls a clean sync makes (measured first: about 1,030).
      killAt: [{ calls: 3 }, { fraction: 0.3 }, { fraction: 0.6 }, { fraction: 0.9 }],
      checkEfficiency: true,
      tempDir: tempDir(),
    });
    expect(result.kills.map((k) => k.killed)).toEqual([true, true, true, true]);
    expect(result.kills[0]?.calls).toBe(3);
    expect(result.work.total.calls).toBeLessThanOrEqual(
      result.work.clean.calls + result.work.allowance.calls,
    );
    expect(result.summary.resumed).toBe(true);
    expect(result.summary.grants).toBe(result.baseline.grants);
    expect(result.summary.expandedGrants + result.summary.grants).toBeGreaterThan(0);
  });
});
