import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Cause from "effect/Cause";
import * as Effect from "effect/Effect";
import * as Exit from "effect/Exit";
import type { AnyConnectorDefinition } from "../../contract/connector.js";
import { validateConnector } from "../../engine/validate.js";
import { ConfigError } from "../../errors.js";
import { parseDuration } from "../../leases/duration.js";
import { LeaseStore } from "../../leases/lease-store.js";
import type { Logger } from "../../log/logger.js";
import { connectClient } from "../connect.js";
import { ExitCode } from "../exit-codes.js";
import type { ProvisioningOptions } from "../provisioning-options.js";
import type { BaseSettings } from "../settings.js";
import { BatonServiceClient } from "./baton-service-client.js";
import { bootstrapHello } from "./bootstrap.js";
import { parseClientId, parseClientSecret } from "./client-credentials.js";
import { resolveEndpoints } from "./endpoints.js";
import { C1Error } from "./errors.js";
import { healthServer } from "./health-server.js";
import { resolveHostId } from "./host-info.js";
import { leaseExpiryLoop } from "./lease-expiry.js";
import { pollLoop } from "./poll-loop.js";
import { routeProcessWarnings } from "./process-warnings.js";
import { exposeProxyToGrpc, proxySettings, tokenAgent } from "./proxy.js";
import { helloRequest } from "./run-task.js";
import type { ServiceContext } from "./service-context.js";
import { messageOf } from "./task-outcome.js";
import { trustedCertificates } from "./tls-trust.js";
import { TokenSource } from "./token-source.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface ServiceModeInput {
  readonly connector: AnyConnectorDefinition;
  readonly settings: BaseSettings;
  /** The whole parsed configuration, handed to the connector's `connect`. */
  readonly config: Record<string, unknown>;
  readonly env: Env;
  readonly logger: Logger;
  /** Aborted on SIGTERM / SIGINT: the program shuts down. */
  readonly signal: AbortSignal;
  readonly program: string;
  readonly version: string;
  /** The audit log and the lease store's path (`--lease-store`, else in the temp dir). */
  readonly provisioningOptions: ProvisioningOptions;
}

/** Where service mode keeps its leases without `--lease-store`: the temp dir, named after the program. */
export const serviceLeaseStorePath = (tempDir: string, program: string): string =>
  join(tempDir, `${program}-leases.db`);

/** Everything that must be right before connecting, checked up front: usage errors, not runtime ones. */
export interface ServicePlan {
  readonly clientId: ReturnType<typeof parseClientId>;
  readonly key: ReturnType<typeof parseClientSecret>;
  readonly endpoints: ReturnType<typeof resolveEndpoints>;
  readonly tempDir: string;
  readonly hostId: string;
}

/** The temp dir for sync tasks: --c1z-temp-dir, else BATON_TMPDIR, else the OS's; it must exist. */
export const resolveTempDir = (settings: BaseSettings, env: Env): string => {
  const [dir, source] =
    settings.c1zTempDir !== undefined && settings.c1zTempDir !== ""
      ? [settings.c1zTempDir, "--c1z-temp-dir (BATON_C1Z_TEMP_DIR)"]
      : env.BATON_TMPDIR !== undefined && env.BATON_TMPDIR !== ""
        ? [env.BATON_TMPDIR, "BATON_TMPDIR"]
        : [tmpdir(), "the system temp directory (TMPDIR)"];
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) {
    throw new ConfigError(
      `${source} ${JSON.stringify(dir)} is not an existing directory: create it, or point the setting at a writable one (e.g. an emptyDir volume at /tmp)`,
    );
  }
  return dir;
};

/** Parses and checks the service-mode settings; throws a ConfigError naming the variable at fault. */
export const planService = (settings: BaseSettings, env: Env): ServicePlan => {
  const clientId = parseClientId(settings.clientId ?? "");
  const key = parseClientSecret(settings.clientSecret ?? "");
  return {
    clientId,
    key,
    endpoints: resolveEndpoints(clientId, env.BATON_C1_API_HOST),
    tempDir: resolveTempDir(settings, env),
    hostId: resolveHostId(env),
  };
};

/**
 * Service mode: the program stays connected to ConductorOne, says Hello, then takes sync, grant and
 * revoke tasks until it is stopped. Returns the exit code: 0 after SIGTERM / SIGINT (in-flight tasks
 * are handed back as retryable, temp files removed, within 10 s), 1 when ConductorOne refuses the
 * credentials or the program cannot go on.
 */
export const runServiceMode = async (input: ServiceModeInput, plan: ServicePlan): Promise<ExitCode> => {
  const { settings, logger, signal } = input;
  const restoreWarnings = routeProcessWarnings(logger);
  const proxy = proxySettings(input.env);
  exposeProxyToGrpc(proxy);
  const ca = trustedCertificates();
  const sdkAgent = `baton-ts/${input.version}`;
  const tokens = new TokenSource({
    tokenUrl: plan.endpoints.tokenUrl,
    clientId: plan.clientId.value,
    audience: plan.endpoints.audience,
    key: plan.key,
    agent: tokenAgent(proxy, ca),
    userAgent: `baton-c1-credential-provider ${sdkAgent}`,
  });
  const c1 = new BatonServiceClient({
    target: plan.endpoints.grpcTarget,
    ca,
    tokens,
    hostId: plan.hostId,
    userAgent: `${plan.clientId.clientName} ${input.program}/${input.version} ${sdkAgent}`,
  });
  const connect = (): Promise<unknown> =>
    connectClient(input.connector, input.config, logger, { program: input.program, version: input.version });
  // Built once at start too: a connector that cannot even be set up fails here, before Hello.
  const client = await connect();
  // Leases in service mode: with --enforce-grant-duration (grant tasks with a duration get one) or an
  // explicit --lease-store (leases written by one-shot runs are expired here too).
  const { leaseStorePath } = input.provisioningOptions;
  const leaseStore =
    settings.enforceGrantDuration || settings.leaseStore !== undefined
      ? LeaseStore.open(leaseStorePath)
      : undefined;
  if (leaseStore !== undefined && settings.leaseStore === undefined) {
    logger.warn(
      "leases are kept in the temp dir: they are lost when it is; set --lease-store (BATON_LEASE_STORE) to a file on a persistent volume",
      { leaseStore: leaseStorePath },
    );
  }
  const ctx: ServiceContext = {
    connector: input.connector,
    connect,
    c1,
    logger,
    provisioning: settings.provisioning,
    skipFullSync: settings.skipFullSync,
    tempDir: plan.tempDir,
    workers: settings.workers,
    syncResourceTypes: settings.syncResourceTypes,
    audit: input.provisioningOptions.audit,
    ...(leaseStore === undefined
      ? {}
      : { leases: { store: leaseStore, enforce: settings.enforceGrantDuration } }),
  };
  const program = { name: input.program, version: input.version };

  const service = Effect.scoped(
    Effect.gen(function* () {
      logger.info("service mode: connecting to ConductorOne", {
        target: plan.endpoints.grpcTarget,
        hostId: plan.hostId,
        provisioning: settings.provisioning,
        taskConcurrency: settings.taskConcurrency,
      });
      yield* bootstrapHello((helloSignal) => c1.hello(helloRequest(ctx, program), helloSignal), logger);
      logger.info("connected to ConductorOne; waiting for tasks", { hostId: plan.hostId });
      if (settings.healthCheck) {
        yield* healthServer({
          host: settings.healthCheckBindAddress,
          port: settings.healthCheckPort,
          logger,
          checks: {
            ready: () => client !== undefined,
            validate: (checkSignal) => validateConnector(input.connector, client, logger, checkSignal),
          },
        });
      }
      if (leaseStore !== undefined) {
        const intervalMs = parseDuration(settings.leaseCheckInterval) ?? 60_000;
        logger.info("revoking due leases on a timer", { leaseStore: leaseStorePath, intervalMs });
        yield* Effect.forkScoped(leaseExpiryLoop(ctx, leaseStore, intervalMs));
      }
      return yield* pollLoop(ctx, program, settings.taskConcurrency);
    }),
  );

  // Shutdown must end within Kubernetes' default grace period (30 s) and well inside our own promise
  // of 10 s: each step has its own limit, and this is the backstop.
  let stopTimer: NodeJS.Timeout | undefined;
  const backstop = new Promise<"backstop">((resolve) => {
    const arm = (): void => {
      stopTimer = setTimeout(() => resolve("backstop"), 9_000);
      stopTimer.unref();
    };
    if (signal.aborted) arm();
    else signal.addEventListener("abort", arm, { once: true });
  });
  try {
    const exit = await Promise.race([Effect.runPromiseExit(service, { signal }), backstop]);
    if (exit === "backstop") {
      logger.warn("shutdown took too long; exiting with work still in flight");
      return ExitCode.ok;
    }
    if (Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause)) {
      logger.info("service mode stopped");
      return ExitCode.ok;
    }
    const error = Cause.squash(exit.cause);
    if (error instanceof C1Error && error.permanent) {
      logger.error(`ConductorOne refused this connector: ${messageOf(error)}`, {
        code: error.grpcCode,
        hint: "check BATON_CLIENT_ID and BATON_CLIENT_SECRET (rotate the secret in ConductorOne if needed)",
      });
      return ExitCode.failure;
    }
    if (error instanceof ConfigError) throw error;
    logger.error(`service mode failed: ${messageOf(error)}`);
    return ExitCode.failure;
  } finally {
    if (stopTimer !== undefined) clearTimeout(stopTimer);
    c1.close();
    leaseStore?.close();
    restoreWarnings();
  }
};
