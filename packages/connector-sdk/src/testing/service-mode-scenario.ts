import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import {
  anyIs,
  type Entitlement,
  GrantAlreadyExistsSchema,
  GrantAlreadyRevokedSchema,
  type Resource,
} from "@baton-ts/protocol";
import { Code } from "@connectrpc/connect";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import { connectorCapabilities } from "../engine/metadata.js";
import { type FinishRecord, startFakeConductorOne } from "./fake-conductorone/index.js";
import { startFaultProxy } from "./fault-proxy.js";
import { type RunningProgram, startProgram } from "./spawn-program.js";

export interface ServiceModeScenarioOptions {
  /** The connector's built program, e.g. `new URL("../dist/bin/baton-example.js", import.meta.url)`. */
  readonly program: URL;
  /** Its definition: Hello must announce its capabilities. */
  readonly connector: AnyConnectorDefinition;
  /** The simulator's base URL (plain http on loopback). */
  readonly apiUrl: string;
  /** The connector's own variables, pointing it at `apiUrl` (the kit puts a proxy in front for some steps). */
  readonly env: (apiUrl: string) => Record<string, string>;
  /** Values that must never appear in the program's output (the connector's tokens). */
  readonly secrets: readonly string[];
  /** From the uploaded c1z: an entitlement and a principal that does not hold it yet. */
  readonly chooseGrant: (c1z: C1zFile) => { readonly entitlement: Entitlement; readonly principal: Resource };
  /** The simulator's own state: whether the principal holds the entitlement now. */
  readonly holds: (entitlement: Entitlement, principal: Resource) => boolean | Promise<boolean>;
  /** A guard for every wait (default 120 s); nothing here waits on a clock otherwise. */
  readonly timeoutMs?: number;
}

export interface ServiceModeScenarioReport {
  /** What each step established, in order. */
  readonly steps: readonly string[];
  /** Bytes of the first uploaded c1z. */
  readonly uploadedBytes: number;
  /** Resources per type in it. */
  readonly resources: Readonly<Record<string, number>>;
}

interface Program extends RunningProgram {
  readonly tempDir: string;
}

class ScenarioFailure extends Error {
  override readonly name = "ServiceModeScenarioFailure";
}

/**
 * Service mode, end to end, as the seed guides deploy a connector: its built program spawned with
 * environment variables only (ConductorOne's client id and secret, the connector's settings,
 * BATON_PROVISIONING), against the kit's fake ConductorOne and the connector's simulator, whose state is
 * the oracle. Steps: Hello with the connector's capabilities; a sync task whose uploaded c1z is decoded;
 * grant, the same grant again (already exists), revoke, the same revoke again (already revoked), each
 * checked in the simulator; an unsupported task; a token endpoint 500, GetTask outages and expired tokens
 * on the way; a sync ConductorOne cancels through a heartbeat; SIGTERM during a sync (reported as
 * retryable, exit 0, temp files gone); provisioning off (FailedPrecondition). No secret, token or client
 * assertion in any output. Throws an Error naming the step that failed.
 */
export const runServiceModeScenario = async (
  options: ServiceModeScenarioOptions,
): Promise<ServiceModeScenarioReport> => {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const steps: string[] = [];
  const programs: Program[] = [];
  const root = await mkdtemp(join(tmpdir(), "service-scenario-"));
  // Later steps hold every request of the connector for a minute, so that a sync is surely still running
  // when the heartbeat cancels it or SIGTERM arrives; the minute is only a guard, never waited out.
  const stalled = await startFaultProxy({
    target: options.apiUrl,
    faults: { rules: [{ at: 0, count: 1_000_000, fault: { kind: "slow", delayMs: 60_000 } }] },
  });
  const c1 = await startFakeConductorOne({ nextPollMs: 20, nextHeartbeatMs: 1_000 });
  const check = (condition: boolean, step: string, detail: () => string): void => {
    if (!condition) throw new ScenarioFailure(`service mode scenario, ${step}: ${detail()}`);
  };
  const finished = (taskId: string): Promise<FinishRecord> => c1.finished(taskId, { timeoutMs });
  const launch = async (apiUrl: string, extra: Record<string, string>): Promise<Program> => {
    const tempDir = await mkdtemp(join(root, "tmp-"));
    const program = startProgram(options.program, [], {
      ...options.env(apiUrl),
      ...c1.env(),
      BATON_HOST_ID: `scenario-${programs.length + 1}`,
      BATON_TMPDIR: tempDir,
      ...extra,
    });
    const started: Program = { ...program, tempDir };
    programs.push(started);
    return started;
  };

  try {
    // 1. Hello, after a token endpoint 500.
    c1.failTokenRequests(1, 500);
    const main = await launch(options.apiUrl, { BATON_PROVISIONING: "true" });
    await c1.waitFor((call) => call.name === "Hello" && call.ok, { since: 0, timeoutMs });
    const hello = c1.hellos.at(-1);
    const announced = hello?.connectorMetadata.capabilities?.resourceTypeCapabilities.map(
      (c) => c.resourceType?.id,
    );
    const expected = connectorCapabilities(options.connector).resourceTypeCapabilities.map(
      (c) => c.resourceType?.id,
    );
    check(
      JSON.stringify(announced) === JSON.stringify(expected),
      "Hello",
      () => `announced ${JSON.stringify(announced)}, the connector has ${JSON.stringify(expected)}`,
    );
    check(
      c1.calls.some((call) => call.name === "token" && call.httpStatus === 500),
      "Hello",
      () => "the token endpoint's 500 was never met",
    );
    steps.push("Hello announced the connector's capabilities (after a token endpoint 500)");

    // 2. A sync task, after GetTask outages: one finished sync in the uploaded c1z.
    c1.failGetTask(1);
    const syncId = c1.enqueueSync();
    const synced = await finished(syncId);
    check(synced.success !== undefined, "sync", () => `finished with ${JSON.stringify(synced.status)}`);
    const upload = c1.uploads(syncId).find((attempt) => attempt.completed);
    check(upload?.checksumMatched === true, "sync", () => "no upload with a matching SHA-256");
    const file = join(root, "uploaded.c1z");
    await writeFile(file, upload?.bytes ?? new Uint8Array());
    const c1z = await C1zFile.open(file, { readOnly: true });
    let choice: ReturnType<ServiceModeScenarioOptions["chooseGrant"]>;
    let resources: Record<string, number>;
    try {
      const finishedSyncs = c1z.listSyncs().filter((sync) => sync.endedAt !== undefined).length;
      check(
        finishedSyncs === 1,
        "sync",
        () => `the uploaded c1z holds ${finishedSyncs} finished syncs, not 1`,
      );
      resources = c1z.stats().resources;
      choice = options.chooseGrant(c1z);
    } finally {
      c1z.close();
    }
    steps.push(
      `sync uploaded ${upload?.bytes.length} bytes holding one finished sync (after a GetTask failure)`,
    );

    // 3. Grant and revoke, each twice, checked in the simulator.
    const { entitlement, principal } = choice;
    check(
      !(await options.holds(entitlement, principal)),
      "grant",
      () => "chooseGrant picked a grant that is already held",
    );
    const granted = await finished(c1.enqueueGrant(entitlement, principal));
    check(granted.success !== undefined, "grant", () => `failed: ${JSON.stringify(granted.status)}`);
    check(
      await options.holds(entitlement, principal),
      "grant",
      () => "reported success, but the simulator shows no grant",
    );
    const again = await finished(c1.enqueueGrant(entitlement, principal));
    check(
      again.success?.annotations.some((a) => anyIs(a, GrantAlreadyExistsSchema)) === true,
      "grant again",
      () => "no GrantAlreadyExists annotation",
    );
    steps.push(
      `granted ${entitlement.id} to ${principal.id?.resourceType}:${principal.id?.resource}; again: already exists`,
    );

    c1.expireTokens();
    const grant = {
      id: `${entitlement.id}:${principal.id?.resourceType}:${principal.id?.resource}`,
      entitlement,
      principal,
    };
    const revoked = await finished(c1.enqueueRevoke(grant));
    check(revoked.success !== undefined, "revoke", () => `failed: ${JSON.stringify(revoked.status)}`);
    check(
      !(await options.holds(entitlement, principal)),
      "revoke",
      () => "reported success, but the simulator still shows the grant",
    );
    const revokedAgain = await finished(c1.enqueueRevoke(grant));
    check(
      revokedAgain.success?.annotations.some((a) => anyIs(a, GrantAlreadyRevokedSchema)) === true,
      "revoke again",
      () => "no GrantAlreadyRevoked annotation",
    );
    steps.push("revoked it (with a new token after the old ones expired); again: already revoked");

    // 4. A task type this program has no handler for.
    const unsupported = await finished(c1.enqueue({ case: "createAccount", value: {} }));
    check(
      unsupported.status?.code === Code.Unknown && unsupported.error?.nonRetryable === false,
      "unsupported task",
      () => JSON.stringify(unsupported),
    );
    steps.push("an unsupported task type: Unknown, retryable");
    main.child.kill("SIGTERM");
    check((await main.exited) === 0, "shutdown", () => "the program did not exit 0 after SIGTERM");

    // 5. Provisioning off: grant refused with FailedPrecondition, not retried; nothing changes.
    const locked = await launch(options.apiUrl, {});
    const refused = await finished(c1.enqueueGrant(entitlement, principal));
    check(
      refused.status?.code === Code.FailedPrecondition && refused.error?.nonRetryable === true,
      "provisioning off",
      () => JSON.stringify(refused),
    );
    check(
      !(await options.holds(entitlement, principal)),
      "provisioning off",
      () => "the grant was written anyway",
    );
    locked.child.kill("SIGTERM");
    await locked.exited;
    steps.push("provisioning off: FailedPrecondition, not retried, nothing written");

    // 6. A sync cancelled by a heartbeat, then SIGTERM in the middle of another: both stopped mid-work.
    const stuck = await launch(stalled.url, { BATON_PROVISIONING: "true" });
    const cancelledId = c1.enqueueSync();
    await c1.waitFor((call) => call.name === "Heartbeat" && call.taskId === cancelledId && call.ok, {
      since: 0,
      timeoutMs,
    });
    c1.cancelTask(cancelledId);
    const cancelled = await finished(cancelledId);
    check(
      cancelled.status?.code === Code.Canceled && c1.uploads(cancelledId).length === 0,
      "heartbeat cancel",
      () => JSON.stringify(cancelled),
    );
    steps.push("a sync ConductorOne cancelled stopped at its next heartbeat, without an upload");
    const interruptedId = c1.enqueueSync();
    await c1.waitFor((call) => call.name === "Heartbeat" && call.taskId === interruptedId && call.ok, {
      since: 0,
      timeoutMs,
    });
    stuck.child.kill("SIGTERM");
    const interrupted = await finished(interruptedId);
    check(
      interrupted.status?.code === Code.Canceled && interrupted.error?.nonRetryable === false,
      "SIGTERM",
      () => JSON.stringify(interrupted),
    );
    check((await stuck.exited) === 0, "SIGTERM", () => "the program did not exit 0");
    steps.push("SIGTERM during a sync: reported retryable, exit 0");

    // 7. Temp files and secrets.
    for (const program of programs) {
      const left = await readdir(program.tempDir);
      check(left.length === 0, "cleanup", () => `left ${left.join(", ")} in ${program.tempDir}`);
    }
    const secrets = [
      ...options.secrets,
      c1.clientSecret,
      c1.clientSecret.split(":").at(-1) ?? "",
      "eyJhbGciOiJFZERTQSI",
    ];
    for (const program of programs) {
      const leaked = secrets.filter((secret) => secret !== "" && program.output().includes(secret));
      check(leaked.length === 0, "secrets", () => `the output holds ${leaked.length} secret value(s)`);
    }
    steps.push("no temp file left, no secret, token or client assertion in any output");
    return { steps, uploadedBytes: upload?.bytes.length ?? 0, resources };
  } catch (error) {
    if (error instanceof ScenarioFailure) {
      const last = programs.at(-1)?.output() ?? "";
      error.message += `\nsteps passed: ${steps.join("; ") || "none"}\nlast program's output (tail):\n${last.slice(-3000)}`;
    }
    throw error;
  } finally {
    for (const program of programs) program.child.kill("SIGKILL");
    await Promise.all(programs.map((program) => program.exited));
    await c1.close();
    await stalled.close();
    await rm(root, { recursive: true, force: true });
  }
};
