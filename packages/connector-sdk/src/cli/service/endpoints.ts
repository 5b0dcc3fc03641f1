import { ConfigError } from "../../errors.js";
import type { ClientId } from "./client-credentials.js";

/** Where a program in service mode talks to ConductorOne. */
export interface C1Endpoints {
  /** `https://<host>/auth/v1/token`. */
  readonly tokenUrl: string;
  /** `host:port` of BatonService (gRPC over TLS). */
  readonly grpcTarget: string;
  /** The client assertion's `aud`: the client id's host without a port. */
  readonly audience: string;
}

const stripPort = (host: string): string => {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.lastIndexOf(":");
  return colon < 0 ? host : host.slice(0, colon);
};

const hasPort = (host: string): boolean => /:\d+$/.test(host) && !/^\[[^\]]*\]$/.test(host);

/**
 * The token URL and gRPC target come from the client id's host, or from BATON_C1_API_HOST verbatim
 * when set (a port allowed; 443 otherwise). The assertion's audience always stays the client id's host,
 * as in baton-sdk: the override moves the connection, not the identity.
 */
export const resolveEndpoints = (clientId: ClientId, apiHost: string | undefined): C1Endpoints => {
  const host = apiHost !== undefined && apiHost !== "" ? apiHost : clientId.tokenHost;
  if (/[/\s]/.test(host) || host.includes("://")) {
    throw new ConfigError(
      `BATON_C1_API_HOST ${JSON.stringify(host)} must be a host or host:port (no scheme, no path), e.g. acme.conductor.one or 127.0.0.1:8443`,
    );
  }
  return {
    tokenUrl: `https://${host}/auth/v1/token`,
    grpcTarget: hasPort(host) ? host : `${host}:443`,
    audience: stripPort(clientId.tokenHost),
  };
};
