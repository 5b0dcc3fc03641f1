import { Agent } from "node:https";

type Env = Readonly<Record<string, string | undefined>>;

export interface ProxySettings {
  /** The proxy for https:// destinations, if any (HTTPS_PROXY, else https_proxy, as Go reads them). */
  readonly httpsProxy?: string;
  /** Hosts reached directly (NO_PROXY, else no_proxy). */
  readonly noProxy?: string;
}

const first = (...values: (string | undefined)[]): string | undefined =>
  values.find((value) => value !== undefined && value !== "");

/** The egress proxy a corporate network sets, read as Go's net/http does (upper case first). */
export const proxySettings = (env: Env): ProxySettings => {
  const httpsProxy = first(env.HTTPS_PROXY, env.https_proxy);
  const noProxy = first(env.NO_PROXY, env.no_proxy);
  return {
    ...(httpsProxy === undefined ? {} : { httpsProxy }),
    ...(noProxy === undefined ? {} : { noProxy }),
  };
};

/**
 * An HTTPS agent for the token request: TLS 1.2 or newer, the given trust store, and the proxy
 * (Node's own CONNECT tunnelling, `proxyEnv`).
 */
export const tokenAgent = (settings: ProxySettings, ca: readonly string[]): Agent =>
  new Agent({
    keepAlive: true,
    minVersion: "TLSv1.2",
    ca: [...ca],
    proxyEnv: {
      ...(settings.httpsProxy === undefined ? {} : { HTTPS_PROXY: settings.httpsProxy }),
      ...(settings.noProxy === undefined ? {} : { NO_PROXY: settings.noProxy }),
    },
  });

/**
 * grpc-js tunnels through a proxy by itself, but reads only the lower-case variables (`https_proxy`,
 * `no_proxy`); Go and most manifests use upper case. Copy them over before the channel is created.
 */
export const exposeProxyToGrpc = (settings: ProxySettings, env: NodeJS.ProcessEnv = process.env): void => {
  if (settings.httpsProxy !== undefined && env.grpc_proxy === undefined)
    env.https_proxy = settings.httpsProxy;
  if (settings.noProxy !== undefined && env.no_grpc_proxy === undefined) env.no_proxy = settings.noProxy;
};
