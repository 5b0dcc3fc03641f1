import { ExitCode } from "../exit-codes.js";
import type { ProgramIo } from "../program-io.js";
import { parseHealthCheckArgs, runHealthCheck } from "../service/health-check-command.js";

/**
 * `health-check`: asks a running service's health server and exits 0 on a 200, 1 otherwise (for exec
 * probes in an image without curl). Needs no connector setting.
 */
export const runHealthCheckMode = async (io: ProgramIo, program: string): Promise<ExitCode> => {
  const args = parseHealthCheckArgs(io.argv.slice(1), io.env);
  if (typeof args === "string") {
    io.stderr.write(`Error: ${args}\nRun '${program} health-check --help' for usage.\n`);
    return ExitCode.usage;
  }
  const { ok, detail } = await runHealthCheck(args);
  (ok ? io.stdout : io.stderr).write(`${ok ? "ok" : "unhealthy"}: ${detail}\n`);
  return ok ? ExitCode.ok : ExitCode.failure;
};

export const HEALTH_CHECK_HELP = (program: string): string =>
  [
    "Ask a running service's health check server, as an exec probe does; exits 0 on a 200, 1 otherwise.",
    "",
    "Usage:",
    `  ${program} health-check [flags]`,
    "",
    "Flags:",
    '      --endpoint string                    health, ready or live (default "health")',
    "      --timeout float                      seconds to wait for the answer (default 5)",
    "      --health-check-port int              the server's port ($BATON_HEALTH_CHECK_PORT) (default 8081)",
    '      --health-check-bind-address string   the server\'s address ($BATON_HEALTH_CHECK_BIND_ADDRESS) (default "127.0.0.1")',
    "",
  ].join("\n");
