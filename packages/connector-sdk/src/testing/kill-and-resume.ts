import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { C1zFile } from "@baton-ts/c1z";
import { observeRequests, runInCallScope } from "../contract/call-scope.js";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { CallContext } from "../contract/context.js";
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

/**
 * Where to kill a worker: after it started this many connector calls (counted per run), after this
 * many milliseconds, or when all runs together have started this fraction of the calls a clean sync
 * makes (measured first; `{ fraction: 0.3 }`, then `0.6`, then `0.9` kills near 30, 60 and 90% of the
 * sync whatever its size, which fixed counts cannot do).
 */
export type KillPoint = { readonly calls: number } | { readonly ms: number } | { readonly fraction: number };

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
  /**
   * Also check that resuming costs only what was left: the connector calls of all runs together may
   * exceed the clean sync's by the calls in flight at each kill, and their requests (HTTP requests,
   * or whatever the connector notes) by what those calls cost in the clean sync plus one `validate`
   * per resumed run. The killed runs then commit every page at once, so a kill loses only the calls
   * in flight. A connector that keeps per-sync state in its process (not in the session) fails this.
   */
  readonly checkEfficiency?: boolean;
  /** Called after each killed run, before the next one (e.g. to look into the work DB it left). */
  readonly afterKill?: (file: string, run: KillRun) => void | Promise<void>;
}

/** Connector calls and API requests, of one run or of several. */
export interface WorkCount {
  readonly calls: number;
  readonly requests: number;
}

export interface KillRun extends WorkCount {
  readonly point: KillPoint;
  readonly killed: boolean;
  /** Connector calls started but not finished when the worker died (their pages were lost). */
  readonly inFlight: number;
}

export interface KillAndResumeResult {
  readonly kills: readonly KillRun[];
  /** The final run's summary (resumed is true when a kill left an unfinished sync). */
  readonly summary: SyncSummary;
  readonly baseline: SyncSummary;
  /** What the clean sync cost, what all runs together cost, and what resuming may cost on top. */
  readonly work: {
    readonly clean: WorkCount;
    readonly total: WorkCount;
    readonly allowance: WorkCount;
  };
}

interface WorkerArgs {
  readonly workerModule: string;
  readonly target?: string;
  readonly file: string;
  readonly tempDir: string;
  readonly concurrency?: number;
  readonly checkpoint?: PageWriterOptions;
  /** Where the worker writes its accounting, one line per event, synchronously (it survives the kill). */
  readonly log?: string;
  /** The worker kills itself with SIGKILL as it starts this connector call. */
  readonly killAtCall?: number;
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

/** Identifies a connector call across runs: the same page of the same listing has the same key. */
const callKey = (op: string, type: string, args: object): string => {
  const record = args as {
    parent?: { resourceType: string; resource: string };
    resource?: { id?: { resourceType: string; resource: string } };
    cursor?: string;
  };
  const on = record.resource?.id ?? record.parent;
  return `${op} ${type} ${on === undefined ? "" : `${on.resourceType}:${on.resource}`} ${record.cursor ?? ""}`;
};

/** Wraps every listing call (list, entitlements, grants) of a connector with `around`. */
const wrapCalls = (
  connector: AnyConnectorDefinition,
  around: <R>(key: string, call: () => Promise<R>, ctx: CallContext) => Promise<R>,
): AnyConnectorDefinition => {
  // biome-ignore lint/suspicious/noExplicitAny: wraps definitions of any client type.
  const wrap = (def: ResourceTypeDefinition<any>): ResourceTypeDefinition<any> => {
    const wrapped =
      <A extends object, R>(op: string, fn: (client: unknown, args: A, ctx: CallContext) => Promise<R>) =>
      (client: unknown, args: A, ctx: CallContext): Promise<R> =>
        around(callKey(op, def.id, args), () => fn(client, args, ctx), ctx);
    const { entitlements, grants } = def;
    return {
      ...def,
      list: wrapped("list", def.list.bind(def)),
      ...(entitlements === undefined
        ? {}
        : { entitlements: wrapped("entitlements", entitlements.bind(def)) }),
      ...(grants === undefined ? {} : { grants: wrapped("grants", grants.bind(def)) }),
    };
  };
  return { ...connector, resourceTypes: connector.resourceTypes.map(wrap) };
};

/**
 * The child process's side (internal: runKillAndResume spawns `node -e` calling this). It writes
 * `S <key>` as a call starts, `E <key>` once the page that call returned is committed (the engine says
 * so), `R` per request, each synchronously to the log, so the parent reads exactly what happened
 * however the process ended (messages still in a pipe die with the process). At `killAtCall` the
 * worker kills itself as that call starts: exactly there, however busy the machine is.
 */
export const runKillWorker = async (args: WorkerArgs): Promise<void> => {
  const worker = await loadWorker(args.workerModule);
  const fd = args.log === undefined ? undefined : openSync(args.log, "a");
  const write = (line: string): void => {
    if (fd !== undefined) writeSync(fd, `${line}\n`);
  };
  observeRequests(() => write("R"));
  let calls = 0;
  const keys = new WeakMap<CallContext, string>();
  const connector = wrapCalls(worker.connector, (key, call, ctx) => {
    calls += 1;
    keys.set(ctx, key);
    write(`S ${JSON.stringify(key)}`);
    if (calls === args.killAtCall) process.kill(process.pid, "SIGKILL");
    return call();
  });
  await runSync({
    connector,
    client: await worker.makeClient(args.target),
    file: args.file,
    tempDir: args.tempDir,
    logger: nullLogger,
    progressIntervalMs: 0,
    onPageCommitted: (ctx) => {
      const key = keys.get(ctx);
      if (key !== undefined) write(`E ${JSON.stringify(key)}`);
    },
    ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
    ...(args.checkpoint === undefined ? {} : { checkpoint: args.checkpoint }),
  });
};

/** A kill point as a number of calls for this run (fractions are cumulative over all runs). */
const callsToKillAt = (point: KillPoint, cleanCalls: number, callsSoFar: number): number | undefined => {
  if ("calls" in point) return point.calls;
  if ("fraction" in point) return Math.max(1, Math.floor(point.fraction * cleanCalls) - callsSoFar);
  return undefined;
};

interface ChildRun extends WorkCount {
  readonly killed: boolean;
  /** Keys of the calls in flight when the worker died. */
  readonly inFlight: readonly string[];
}

/** What a worker's log says it did; calls in flight are those started and not ended. */
const readWorkerLog = (path: string): Omit<ChildRun, "killed"> => {
  let calls = 0;
  let requests = 0;
  const open = new Map<string, number>();
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  for (const line of text.split("\n")) {
    if (line === "R") requests += 1;
    else if (line.startsWith("S ") || line.startsWith("E ")) {
      const key = JSON.parse(line.slice(2)) as string;
      const count = open.get(key) ?? 0;
      if (line.startsWith("S ")) {
        calls += 1;
        open.set(key, count + 1);
      } else if (count <= 1) open.delete(key);
      else open.set(key, count - 1);
    }
  }
  const inFlight = [...open].flatMap(([key, count]) => Array.from({ length: count }, () => key));
  return { calls, requests, inFlight };
};

const runKilledChild = (args: WorkerArgs, point: KillPoint, timeoutMs: number): Promise<ChildRun> =>
  new Promise((resolvePromise, reject) => {
    const script =
      "const [entry, json] = process.argv.slice(1); const kit = await import(entry); await kit.runKillWorker(JSON.parse(json));";
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", script, kitEntry(), JSON.stringify(args)],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let killedByUs = false;
    let stderr = "";
    const timer = setTimeout(
      () => {
        killedByUs = true;
        child.kill("SIGKILL");
        if (!("ms" in point)) {
          reject(new Error(`the worker did not reach call ${args.killAtCall} within ${timeoutMs} ms`));
        }
      },
      "ms" in point ? point.ms : timeoutMs,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const killed = killedByUs || signal === "SIGKILL";
      if (!killed && code !== 0) {
        reject(new Error(`the worker failed (exit ${code}) before its kill point:\n${stderr.slice(-2000)}`));
        return;
      }
      const log = args.log === undefined ? { calls: 0, requests: 0, inFlight: [] } : readWorkerLog(args.log);
      resolvePromise({ killed, ...log, inFlight: killed ? log.inFlight : [] });
    });
  });

/** What one in-process sync cost: calls, requests, and the requests of each call (by key) and of validate. */
interface Measured extends WorkCount {
  readonly summary: SyncSummary;
  readonly perCall: ReadonlyMap<string, number>;
  readonly validateRequests: number;
}

const measuredSync = async (
  connector: AnyConnectorDefinition,
  run: (connector: AnyConnectorDefinition) => Promise<SyncSummary>,
): Promise<Measured> => {
  let calls = 0;
  let requests = 0;
  const perCall = new Map<string, number>();
  const stop = observeRequests(() => {
    requests += 1;
  });
  const counted = wrapCalls(connector, (key, call, ctx) => {
    calls += 1;
    return runInCallScope(ctx.signal, async (scope) => {
      const result = await call();
      perCall.set(key, Math.max(perCall.get(key) ?? 0, scope.requests));
      return result;
    });
  });
  let validateRequests = 0;
  const measured: AnyConnectorDefinition = {
    ...counted,
    validate: (client, ctx) =>
      runInCallScope(ctx.signal, async (scope) => {
        await connector.validate(client, ctx);
        validateRequests = scope.requests;
      }),
  };
  try {
    const summary = await run(measured);
    return { summary, calls, requests, perCall, validateRequests };
  } finally {
    stop();
  }
};

/**
 * Proves that a sync killed with SIGKILL at any point resumes to the same result: a fault-free sync
 * in this process is the baseline; then a child Node process runs the sync on another file and is
 * killed at each point in turn (every run resumes the previous one); a final run in this process
 * finishes it. The result must equal the baseline and leave exactly one, finished, sync in the file;
 * with `checkEfficiency`, all runs together must also cost no more than the baseline plus what was in
 * flight at each kill. Throws a ContractViolationError otherwise.
 */
export const runKillAndResume = async (options: KillAndResumeOptions): Promise<KillAndResumeResult> => {
  const ownDir = options.tempDir === undefined;
  const dir = options.tempDir ?? mkdtempSync(join(tmpdir(), "baton-kill-"));
  const logger = options.logger ?? nullLogger;
  try {
    const worker = await loadWorker(options.workerModule);
    const common = {
      logger,
      tempDir: dir,
      progressIntervalMs: 0,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    };
    const baselineFile = join(dir, "baseline.c1z");
    const clean = await measuredSync(worker.connector, async (connector) =>
      runSync({ ...common, connector, client: await worker.makeClient(options.target), file: baselineFile }),
    );

    const file = join(dir, "killed.c1z");
    const efficiency = options.checkEfficiency === true;
    const args: WorkerArgs = {
      workerModule: resolve(
        options.workerModule.startsWith("file:") ? fileURLToPath(options.workerModule) : options.workerModule,
      ),
      file,
      tempDir: dir,
      // Checking efficiency, every page is committed at once: a kill then loses only calls in flight.
      checkpoint: options.checkpoint ?? { maxDelayMs: efficiency ? 0 : 20 },
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    };
    const kills: KillRun[] = [];
    const allowance = { calls: 0, requests: 0 };
    const mostPerCall = Math.max(0, ...clean.perCall.values());
    let callsSoFar = 0;
    for (const [index, point] of options.killAt.entries()) {
      const killAtCall = callsToKillAt(point, clean.calls, callsSoFar);
      const child = await runKilledChild(
        {
          ...args,
          log: join(dir, `killed-run-${index + 1}.log`),
          ...(killAtCall === undefined ? {} : { killAtCall }),
        },
        point,
        options.timeoutMs ?? 60_000,
      );
      callsSoFar += child.calls;
      const run: KillRun = {
        point,
        killed: child.killed,
        calls: child.calls,
        requests: child.requests,
        inFlight: child.inFlight.length,
      };
      kills.push(run);
      await options.afterKill?.(file, run);
      if (child.killed) {
        // What the next run must redo: the calls that were in flight, at what they cost in the clean
        // sync, and the next run's own validate.
        allowance.calls += child.inFlight.length;
        allowance.requests +=
          clean.validateRequests +
          child.inFlight.reduce((sum, key) => sum + (clean.perCall.get(key) ?? mostPerCall), 0);
      }
    }
    const final = await measuredSync(worker.connector, async (connector) =>
      runSync({ ...common, connector, client: await worker.makeClient(options.target), file }),
    );
    const summary = final.summary;
    const total = {
      calls: kills.reduce((sum, kill) => sum + kill.calls, final.calls),
      requests: kills.reduce((sum, kill) => sum + kill.requests, final.requests),
    };

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
    const clean0 = { calls: clean.calls, requests: clean.requests };
    if (efficiency) {
      for (const unit of ["calls", "requests"] as const) {
        if (total[unit] > clean0[unit] + allowance[unit]) {
          violations.push(
            `resuming redid work: all runs together made ${total[unit]} ${unit === "calls" ? "connector calls" : "requests"}, ` +
              `the clean sync ${clean0[unit]}, and the ${kills.filter((kill) => kill.killed).length} kills may add ${allowance[unit]} ` +
              `(${unit === "calls" ? "the calls in flight" : "the requests of the calls in flight, and a validate per resumed run"}); ` +
              "keep what later calls need in the sync's session (ctx.session), not in the client's memory",
          );
        }
      }
    }
    if (violations.length > 0)
      throw new ContractViolationError(violations, "kill and resume changed the synced data or redid work");
    return { kills, summary, baseline: clean.summary, work: { clean: clean0, total, allowance } };
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  }
};
