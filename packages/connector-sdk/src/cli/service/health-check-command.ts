import { request } from "node:http";

type Env = Readonly<Record<string, string | undefined>>;

export const HEALTH_ENDPOINTS = ["health", "ready", "live"] as const;

export interface HealthCheckArgs {
  readonly endpoint: (typeof HEALTH_ENDPOINTS)[number];
  readonly timeoutSeconds: number;
  readonly host: string;
  readonly port: number;
}

const flagValue = (argv: readonly string[], name: string): string | undefined => {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
};

/**
 * `<program> health-check [--endpoint health|ready|live] [--timeout 5]`: parsed by hand, before any
 * connector setting, so that an exec probe neither needs nor loads them. The server's address comes
 * from the same flags and variables as the server's (BATON_HEALTH_CHECK_PORT, _BIND_ADDRESS).
 * Returns the arguments, or a usage error's text.
 */
export const parseHealthCheckArgs = (argv: readonly string[], env: Env): HealthCheckArgs | string => {
  const endpoint = flagValue(argv, "endpoint") ?? "health";
  if (!(HEALTH_ENDPOINTS as readonly string[]).includes(endpoint)) {
    return `--endpoint must be one of ${HEALTH_ENDPOINTS.join(", ")}, got ${JSON.stringify(endpoint)}`;
  }
  const timeout = Number(flagValue(argv, "timeout") ?? "5");
  if (!Number.isFinite(timeout) || timeout <= 0) return "--timeout must be a positive number of seconds";
  const port = Number(flagValue(argv, "health-check-port") ?? env.BATON_HEALTH_CHECK_PORT ?? "8081");
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return "--health-check-port (BATON_HEALTH_CHECK_PORT) must be a port number (1-65535)";
  }
  const host =
    flagValue(argv, "health-check-bind-address") ?? env.BATON_HEALTH_CHECK_BIND_ADDRESS ?? "127.0.0.1";
  return {
    endpoint: endpoint as HealthCheckArgs["endpoint"],
    timeoutSeconds: timeout,
    host: host === "0.0.0.0" ? "127.0.0.1" : host,
    port,
  };
};

/** GETs the endpoint; true on a 200. The reason otherwise, for one line on stderr. */
export const runHealthCheck = (args: HealthCheckArgs): Promise<{ ok: boolean; detail: string }> =>
  new Promise((resolve) => {
    const req = request(
      {
        host: args.host,
        port: args.port,
        path: `/${args.endpoint}`,
        method: "GET",
        timeout: args.timeoutSeconds * 1000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () =>
          resolve({ ok: res.statusCode === 200, detail: `${res.statusCode} ${body.trim()}` }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${args.timeoutSeconds} s`)));
    req.on("error", (error) =>
      resolve({ ok: false, detail: `http://${args.host}:${args.port}/${args.endpoint}: ${error.message}` }),
    );
    req.end();
  });
