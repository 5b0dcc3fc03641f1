import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import { isConnectorErrorLike } from "../engine/connector-call.js";
import { runSync } from "../engine/sync.js";
import type { Logger } from "../log/logger.js";
import { nullLogger } from "../log/null-logger.js";
import { ContractViolationError } from "./contract-check.js";
import { type FaultKind, type FaultPlan, startFaultProxy } from "./fault-proxy.js";
import { diffSnapshots, readSyncSnapshot } from "./snapshot.js";

export interface FaultScenario {
  readonly name: string;
  readonly faults: FaultPlan;
}

export interface FaultScenarioOptions {
  readonly connector: AnyConnectorDefinition;
  /** Builds the connector's client for a base URL (the simulator's, or the proxy's). */
  readonly makeClient: (baseUrl: string) => unknown | Promise<unknown>;
  /** The simulator's base URL. */
  readonly target: string;
  /** Default: `defaultFaultScenarios()`. */
  readonly scenarios?: readonly FaultScenario[];
  /** Runs again (a resume) after a sync that failed with a transient error; default 10. */
  readonly maxResumes?: number;
  readonly concurrency?: number;
  readonly logger?: Logger;
  readonly tempDir?: string;
}

export interface FaultScenarioResult {
  readonly name: string;
  readonly requests: number;
  readonly injected: Readonly<Record<FaultKind, number>>;
  /** Runs that failed and were resumed before the sync finished. */
  readonly resumes: number;
}

/** A body hint in Segment's shape; connectors whose APIs hint otherwise pass their own scenarios. */
const rateLimitBody = {
  errors: [{ type: "too-many-requests", message: "Too Many Requests", data: { msBeforeNext: 20 } }],
};

/**
 * The standard failures, each early in the sync (request indexes are counted from the first request):
 * 429 bursts with Retry-After and with only a body hint, 5xx with JSON and HTML bodies, connection
 * resets, slow responses, truncated bodies, and a seeded mix of all of them.
 */
export const defaultFaultScenarios = (): FaultScenario[] => [
  {
    name: "429 burst with Retry-After",
    faults: { rules: [{ at: 1, count: 3, fault: { kind: "rate-limit" } }] },
  },
  {
    name: "429 with a body hint only",
    faults: {
      rules: [
        { at: 2, count: 2, fault: { kind: "rate-limit", retryAfterSeconds: null, body: rateLimitBody } },
      ],
    },
  },
  {
    name: "5xx with a JSON body",
    faults: { rules: [{ at: 2, count: 2, fault: { kind: "server-error", status: 503, format: "json" } }] },
  },
  {
    name: "5xx with an HTML body",
    faults: { rules: [{ at: 3, count: 1, fault: { kind: "server-error", status: 502, format: "html" } }] },
  },
  { name: "connection reset", faults: { rules: [{ at: 2, count: 1, fault: { kind: "reset" } }] } },
  { name: "slow responses", faults: { rules: [{ at: 0, count: 4, fault: { kind: "slow", delayMs: 150 } }] } },
  { name: "truncated body", faults: { rules: [{ at: 3, count: 1, fault: { kind: "truncated-body" } }] } },
  {
    name: "seeded mix",
    faults: {
      random: {
        seed: 7,
        rate: 0.15,
        // Bounded so that a sync of any size finishes: a fault that fails the run (a truncated body)
        // costs a resume, and a big sync would otherwise meet one in every run.
        maxFaults: 12,
        faults: [
          { kind: "rate-limit" },
          { kind: "server-error", format: "json" },
          { kind: "server-error", status: 502, format: "html" },
          { kind: "reset" },
          { kind: "slow", delayMs: 50 },
          { kind: "truncated-body" },
        ],
      },
    },
  },
];

/** Failures a later run on the same file is expected to get past (the sync is resumable). */
const isTransient = (error: unknown): boolean =>
  isConnectorErrorLike(error) &&
  (error.code === "unavailable" || error.code === "rate-limited" || error.code === "invalid-response");

/**
 * For each scenario, syncs through a fault proxy (resuming after transient failures, as an operator
 * or the service would) and checks that the final c1z holds exactly what a fault-free sync against the
 * simulator holds (rows per table, decoded, order-independent). Throws a ContractViolationError
 * listing each scenario that lost, added or changed data, failed for good, or injected nothing.
 */
export const runFaultScenarios = async (options: FaultScenarioOptions): Promise<FaultScenarioResult[]> => {
  const ownDir = options.tempDir === undefined;
  const dir = options.tempDir ?? mkdtempSync(join(tmpdir(), "baton-faults-"));
  const logger = options.logger ?? nullLogger;
  const maxResumes = options.maxResumes ?? 10;
  const common = {
    connector: options.connector,
    logger,
    progressIntervalMs: 0,
    tempDir: dir,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  };
  try {
    const baselineFile = join(dir, "baseline.c1z");
    await runSync({ ...common, client: await options.makeClient(options.target), file: baselineFile });
    const baseline = await readSyncSnapshot(baselineFile, { tempDir: dir });

    const results: FaultScenarioResult[] = [];
    const failures: string[] = [];
    for (const [index, scenario] of (options.scenarios ?? defaultFaultScenarios()).entries()) {
      const proxy = await startFaultProxy({ target: options.target, faults: scenario.faults });
      const file = join(dir, `scenario-${index}.c1z`);
      let resumes = 0;
      let lastError: unknown;
      try {
        for (;;) {
          try {
            await runSync({ ...common, client: await options.makeClient(proxy.url), file });
            lastError = undefined;
            break;
          } catch (error) {
            lastError = error;
            if (!isTransient(error) || resumes >= maxResumes) break;
            resumes += 1;
          }
        }
      } finally {
        await proxy.close();
      }
      const injected = Object.values(proxy.stats.injected).reduce((sum, n) => sum + n, 0);
      results.push({
        name: scenario.name,
        requests: proxy.stats.requests,
        injected: { ...proxy.stats.injected },
        resumes,
      });
      if (lastError !== undefined) {
        const message = lastError instanceof Error ? lastError.message : String(lastError);
        failures.push(`${scenario.name}: the sync did not finish after ${resumes} resume(s): ${message}`);
        continue;
      }
      if (injected === 0) {
        failures.push(
          `${scenario.name}: no fault was injected (${proxy.stats.requests} requests); the scenario proves nothing`,
        );
      }
      const differences = diffSnapshots(baseline, await readSyncSnapshot(file, { tempDir: dir }));
      for (const line of differences) failures.push(`${scenario.name}: ${line}`);
    }
    if (failures.length > 0) {
      throw new ContractViolationError(failures, "fault injection changed the synced data");
    }
    return results;
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  }
};
