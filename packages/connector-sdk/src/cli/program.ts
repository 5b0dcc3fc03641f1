import type { AnyConnectorDefinition } from "../contract/connector.js";
import { createLogger } from "../log/create-logger.js";
import { type CommandName, findEarlyCommand, resolveCommand } from "./commands.js";
import { connectClient } from "./connect.js";
import { ExitCode } from "./exit-codes.js";
import { isUsageError, reportFailure, reportUsageError } from "./failure.js";
import { asFlagError } from "./flag-errors.js";
import { capabilitiesText, configSchemaText, helpText, versionText } from "./modes/describe.js";
import { HEALTH_CHECK_HELP, runHealthCheckMode } from "./modes/health-check.js";
import { chooseOneShotAction, isServiceMode, rejectOneShotInServiceMode } from "./one-shot-action.js";
import type { ProgramIo } from "./program-io.js";
import { leaseStorePathOf, provisioningOptions } from "./provisioning-options.js";
import { type LoadedSettings, loadSettings } from "./settings.js";
import { rejectUnsupportedFlags, unsupportedVariables } from "./unsupported-settings.js";

/**
 * Runs one Baton-compatible program for any connector definition and returns its exit code
 * (see exit-codes.ts). Never calls process.exit, so tests can run it in-process; every failure of the
 * input, the connector or the API is an exit code, and only a bug in a definition throws.
 */
export const runProgram = async (connector: AnyConnectorDefinition, io: ProgramIo): Promise<ExitCode> => {
  const program = io.program ?? `baton-${connector.id}`;
  const version = io.version ?? connector.version;
  const signal = io.signal ?? new AbortController().signal;

  // An exec probe's command: answered before any setting is read or any connector code runs.
  if (io.argv[0] === "health-check") {
    if (findEarlyCommand(io.argv) === "help") return write(io.stdout, HEALTH_CHECK_HELP(program));
    return runHealthCheckMode(io, program);
  }
  const early = findEarlyCommand(io.argv);
  if (early === "help") return write(io.stdout, helpText(connector, program));
  if (early === "version") return write(io.stdout, versionText(program, version));

  let invocation: Invocation;
  try {
    rejectUnsupportedFlags(io.argv);
    invocation = parseInvocation(connector, io, program);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    return reportUsageError(io.stderr, program, error);
  }
  const { settings, command } = invocation;
  switch (command) {
    case "help":
      return write(io.stdout, helpText(connector, program));
    case "version":
      return write(io.stdout, versionText(program, version));
    case "capabilities":
      return write(io.stdout, capabilitiesText(connector));
    case "config":
      return write(io.stdout, configSchemaText(connector));
    case "leases":
      try {
        const { runLeasesListMode } = await import("./modes/leases.js");
        runLeasesListMode({
          leaseStorePath: leaseStorePathOf(settings.base),
          stdout: io.stdout,
        });
        return ExitCode.ok;
      } catch (error) {
        if (!isUsageError(error)) throw error;
        return reportUsageError(io.stderr, program, error, settings.secrets);
      }
    case "leases-expire":
    case "health-check":
    case "validate":
    case "run":
      break;
  }

  const { base, secrets } = settings;
  const logger = createLogger({
    level: base.logLevel,
    format: base.logFormat,
    stream: io.stderr,
    secrets: [...secrets],
  });
  const ignored = unsupportedVariables(io.env);
  if (ignored.length > 0) {
    logger.warn("ignoring Baton settings this program does not support yet", { variables: ignored });
  }
  // Names the failed step in the error line: "validation failed", "sync failed", "grant failed" ...
  let step = command === "validate" ? "validation" : command === "leases-expire" ? "lease expiry" : "run";
  try {
    // The modes that call the API load only now (dynamic imports): the engine, the c1z writer and the
    // service's gRPC stack are most of a program's code, and `--help`, `capabilities` or an exec probe
    // never need them. In a bundled program they stay in the file but are not evaluated until here.
    if (command === "run" && isServiceMode(base)) {
      step = "service mode";
      rejectOneShotInServiceMode(base);
      const { planService, runServiceMode, serviceLeaseStorePath } = await import("./service/run-service.js");
      const plan = planService(base, io.env);
      const options = provisioningOptions(
        base,
        { ...io, program, secrets },
        serviceLeaseStorePath(plan.tempDir, program),
      );
      return await runServiceMode(
        {
          connector,
          settings: base,
          config: settings.config,
          env: io.env,
          logger,
          signal,
          program,
          version,
          provisioningOptions: options,
        },
        plan,
      );
    }
    const action = command === "run" ? chooseOneShotAction(base) : undefined;
    if (action !== undefined) step = action.kind;
    const options = provisioningOptions(base, { ...io, program, secrets });
    const client = await connectClient(connector, settings.config, logger, { program, version });
    const common = { connector, client, logger, signal, stdout: io.stdout };
    const provision = { ...common, file: base.file, tempDir: base.c1zTempDir, options };
    if (command === "leases-expire") {
      const { runLeasesExpireMode } = await import("./modes/leases.js");
      await runLeasesExpireMode({ ...common, options });
    } else if (action === undefined) {
      const { runValidateMode } = await import("./modes/validate.js");
      await runValidateMode(common);
    } else if (action.kind === "grant") {
      const { runGrantMode } = await import("./modes/provision.js");
      await runGrantMode(provision, action);
    } else if (action.kind === "revoke") {
      const { runRevokeMode } = await import("./modes/provision.js");
      await runRevokeMode(provision, action);
    } else {
      const { runSyncMode } = await import("./modes/sync.js");
      await runSyncMode({ ...common, settings: base });
    }
    return ExitCode.ok;
  } catch (error) {
    // Service mode reports its own failures per task; there no flag names the c1z.
    const reported = step === "service mode" ? error : asFlagError(error);
    return reportFailure(logger, io.stderr, program, step, reported, signal, secrets);
  }
};

interface Invocation {
  readonly settings: LoadedSettings;
  readonly command: CommandName;
}

/** Commands that never call the API do not need the connector's required settings. */
const OFFLINE_COMMANDS: ReadonlySet<CommandName> = new Set([
  "capabilities",
  "config",
  "help",
  "version",
  "leases",
]);

const parseInvocation = (connector: AnyConnectorDefinition, io: ProgramIo, program: string): Invocation => {
  try {
    const settings = loadSettings(connector, io.argv, io.env);
    return { settings, command: resolveCommand(settings.args, program) };
  } catch (strictError) {
    if (!isUsageError(strictError)) throw strictError;
    let relaxed: LoadedSettings;
    try {
      relaxed = loadSettings(connector, io.argv, io.env, { relaxed: true });
    } catch {
      throw strictError;
    }
    const command = resolveCommand(relaxed.args, program);
    if (OFFLINE_COMMANDS.has(command)) return { settings: relaxed, command };
    throw strictError;
  }
};

const write = (stream: NodeJS.WritableStream, text: string): ExitCode => {
  stream.write(text);
  return ExitCode.ok;
};
