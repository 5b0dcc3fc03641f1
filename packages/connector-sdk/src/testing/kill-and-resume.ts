import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { C1zFile } from "@baton-ts/c1z";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { ResourceTypeDefinition } from "../contract/resource-type.js";
import type { PageWriterOptions } from "../engine/page-writer.js";
import { runSync, type SyncSummary } from "../engine/sync.js";
import type { Logger } from "../log/logger.js";
import { nullLogger } from "../log/null-logger.js";
import { ContractViolationError } from "./contract-check.js";
import { diffSnapshots, readSyncSnapshot } from "./snapshot.js";

/**
 * What a kill-and-resume worker module exports (ESM that plain Node 24 can import: `.mjs`/`.js`, or
 * `.ts` that only imports built packages):
 *
 * ```js
 * import { myConnector } from "../../dist/index.js";
 * export const connector = myConnector;
 * export const makeClient = (baseUrl) => myConnector.connect({ token: "test", baseUrl }, ctx);
 * ```
 *
 * `baseUrl` is the `target` given to runKillAndResume (a simulator's URL), or undefined without one.
 */
export interface KillWorkerModule {
  readonly connector: AnyConnectorDefinition;
  makeClient(baseUrl: string | undefined): unknown | Promise<unknown>;
}

/** Kill the worker after it started this many connector calls, or after this many milliseconds. */
export type KillPoint = { readonly calls: number } | { readonly ms: number };

export interface KillAndResumeOptions {
  /** Path (or file URL) of the worker module. */
  readonly workerModule: string;
  /** The simulator's base URL, handed to `makeClient`. */
  readonly target?: string;
  /** One run per point, each killed with SIGKILL there, on the same file; then a run to the end. */
  readonly killAt: readonly KillPoint[];
  readonly concurrency?: number;
  /** Checkpoint grouping in the killed runs (default: writes at most 20 ms apart, so kills land between them). */
  readonly checkpoint?: PageWriterOptions;
  readonly tempDir?: string;
  readonly logger?: Logger;
  /** Longest a killed run may take to reach its kill point (default 60 s). */
  readonly timeoutMs?: number;
}

export interface KillAndResumeResult {
  readonly kills: readonly { readonly point: KillPoint; readonly killed: boolean; readonly calls: number }[];
  /** The final run's summary (resumed is true when a kill left an unfinished sync). */
  readonly summary: SyncSummary;
  readonly baseline: SyncSummary;
}

interface WorkerArgs {
  readonly workerModule: string;
  readonly target?: string;
  readonly file: string;
  readonly tempDir: string;
  readonly concurrency?: number;
  readonly checkpoint?: PageWriterOptions;
}

const moduleUrl = (path: string): string =>
  path.startsWith("file:") ? path : pathToFileURL(resolve(path)).href;

const loadWorker = async (path: string): Promise<KillWorkerModule> => {
  const loaded = (await import(moduleUrl(path))) as Partial<KillWorkerModule>;
  if (loaded.connector === undefined || typeof loaded.makeClient !== "function") {
    throw new Error(`${path} must export \`connector\` and \`makeClient(baseUrl)\` (see KillWorkerModule)`);
  }
  return loaded as KillWorkerModule;
};

/**
 * The built kit's entry, which the child process imports: found from this file up to the package
 * root, so it works from the bundle and from the sources (the sdk's own tests, after a build).
 */
const kitEntry = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "@baton-ts/connector-sdk"
    ) {
      const entry = join(dir, "dist", "testing", "index.js");
      if (!existsSync(entry)) throw new Error(`${entry} is missing: build @baton-ts/connector-sdk first`);
      return pathToFileURL(entry).href;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the @baton-ts/connector-sdk package root");
    dir = parent;
  }
};

/** Reports every connector call to the parent process, which decides when to kill. */
const reportingCalls = (connector: AnyConnectorDefinition): AnyConnectorDefinition => {
  let calls = 0;
  const report = (): void => {
    calls += 1;
    process.send?.({ calls });
  };
  // biome-ignore lint/suspicious/noExplicitAny: wraps definitions of any client type.
  const wrap = (def: ResourceTypeDefinition<any>): ResourceTypeDefinition<any> => {
    const { entitlements, grants } = def;
    return {
      ...def,
      list: (client, args, ctx) => {
        report();
        return def.list(client, args, ctx);
      },
      ...(entitlements === undefined
        ? {}
        : {
            entitlements: (client, args, ctx) => {
              report();
              return entitlements(client, args, ctx);
            },
          }),
      ...(grants === undefined
        ? {}
        : {
            grants: (client, args, ctx) => {
              report();
              return grants(client, args, ctx);
            },
          }),
    };
  };
  return { ...connector, resourceTypes: connector.resourceTypes.map(wrap) };
};

/** The child process's side (internal: runKillAndResume spawns `node -e` calling this). */
export const runKillWorker = async (args: WorkerArgs): Promise<void> => {
  const worker = await loadWorker(args.workerModule);
  await runSync({
    connector: reportingCalls(worker.connector),
    client: await worker.makeClient(args.target),
    file: args.file,
    tempDir: args.tempDir,
    logger: nullLogger,
    progressIntervalMs: 0,
    ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
    ...(args.checkpoint === undefined ? {} : { checkpoint: args.checkpoint }),
  });
};

const runKilledChild = (
  args: WorkerArgs,
  point: KillPoint,
  timeoutMs: number,
): Promise<{ killed: boolean; calls: number }> =>
  new Promise((resolvePromise, reject) => {
    const script =
      "const [entry, json] = process.argv.slice(1); const kit = await import(entry); await kit.runKillWorker(JSON.parse(json));";
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", script, kitEntry(), JSON.stringify(args)],
      {
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      },
    );
    let calls = 0;
    let killed = false;
    let stderr = "";
    const kill = (): void => {
      if (killed) return;
      killed = true;
      child.kill("SIGKILL");
    };
    const timer =
      "ms" in point
        ? setTimeout(kill, point.ms)
        : setTimeout(() => {
            kill();
            reject(
              new Error(
                `the worker did not reach ${point.calls} calls within ${timeoutMs} ms (made ${calls})`,
              ),
            );
          }, timeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("message", (message: { calls?: number }) => {
      calls = message.calls ?? calls;
      if ("calls" in point && calls >= point.calls) kill();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!killed && code !== 0) {
        reject(new Error(`the worker failed (exit ${code}) before its kill point:\n${stderr.slice(-2000)}`));
        return;
      }
      resolvePromise({ killed, calls });
    });
  });

/**
 * Proves that a sync killed with SIGKILL at any point resumes to the same result: a fault-free sync
 * in this process is the baseline; then a child Node process runs the sync on another file and is
 * killed at each point in turn (every run resumes the previous one); a final run in this process
 * finishes it. The result must equal the baseline and leave exactly one, finished, sync in the file.
 * Throws a ContractViolationError otherwise.
 */
export const runKillAndResume = async (options: KillAndResumeOptions): Promise<KillAndResumeResult> => {
  const ownDir = options.tempDir === undefined;
  const dir = options.tempDir ?? mkdtempSync(join(tmpdir(), "baton-kill-"));
  const logger = options.logger ?? nullLogger;
  try {
    const worker = await loadWorker(options.workerModule);
    const common = {
      connector: worker.connector,
      logger,
      tempDir: dir,
      progressIntervalMs: 0,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    };
    const baselineFile = join(dir, "baseline.c1z");
    const baseline = await runSync({
      ...common,
      client: await worker.makeClient(options.target),
      file: baselineFile,
    });

    const file = join(dir, "killed.c1z");
    const args: WorkerArgs = {
      workerModule: resolve(
        options.workerModule.startsWith("file:") ? fileURLToPath(options.workerModule) : options.workerModule,
      ),
      file,
      tempDir: dir,
      checkpoint: options.checkpoint ?? { maxDelayMs: 20 },
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    };
    const kills: { point: KillPoint; killed: boolean; calls: number }[] = [];
    for (const point of options.killAt) {
      kills.push({ point, ...(await runKilledChild(args, point, options.timeoutMs ?? 60_000)) });
    }
    const summary = await runSync({ ...common, client: await worker.makeClient(options.target), file });

    const violations: string[] = [];
    if (!summary.resumed) {
      violations.push(
        "the final run did not resume: the sync had finished before the last kill " +
          `(calls per killed run: ${kills.map((kill) => kill.calls).join(", ")}); choose earlier kill points`,
      );
    }
    const differences = diffSnapshots(
      await readSyncSnapshot(baselineFile, { tempDir: dir }),
      await readSyncSnapshot(file, { tempDir: dir }),
    );
    violations.push(...differences.map((line) => `after kill and resume: ${line}`));
    const stored = await C1zFile.open(file, { readOnly: true, tempDir: dir });
    try {
      const syncs = stored.listSyncs();
      if (syncs.length !== 1 || syncs[0]?.endedAt === undefined) {
        violations.push(
          `the file must hold exactly one finished sync, it holds ${syncs.length} (${syncs.filter((s) => s.endedAt === undefined).length} unfinished)`,
        );
      }
    } finally {
      stored.close();
    }
    if (violations.length > 0)
      throw new ContractViolationError(violations, "kill and resume changed the synced data");
    return { kills, summary, baseline };
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  }
};
