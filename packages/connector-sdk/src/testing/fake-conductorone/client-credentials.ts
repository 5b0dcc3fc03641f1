import { generateKeyPairSync, type KeyObject } from "node:crypto";

/** A ConductorOne client id and secret, in the formats the ConductorOne console issues them. */
export interface ClientCredentials {
  /** `<clientName>@<tenantHost>/pcc` */
  readonly clientId: string;
  /** `secret-token:conductorone.com:v1:<unpadded base64url of an Ed25519 private JWK>` */
  readonly clientSecret: string;
  /** The secret's public half: what ConductorOne keeps to verify client assertions. */
  readonly publicKey: KeyObject;
}

export interface ClientCredentialsOptions {
  /** The name before the `@` (only the User-Agent uses it). Default `baton-test`. */
  readonly clientName?: string;
  /** The tenant's host after the `@`, the token host and the client assertion's audience. Default `acme.conductor.one`. */
  readonly tenantHost?: string;
}

export const DEFAULT_CLIENT_NAME = "baton-test";
export const DEFAULT_TENANT_HOST = "acme.conductor.one";
const SECRET_PREFIX = "secret-token:conductorone.com:v1:";

/**
 * New client credentials with a fresh Ed25519 key. Tests use it to build wrong credentials (another key, another
 * tenant) next to the fake's own.
 */
export function makeClientCredentials(options: ClientCredentialsOptions = {}): ClientCredentials {
  const clientName = options.clientName ?? DEFAULT_CLIENT_NAME;
  const tenantHost = options.tenantHost ?? DEFAULT_TENANT_HOST;
  if (clientName === "" || clientName.includes("@"))
    throw new Error(`clientName must be non-empty without "@"`);
  if (tenantHost === "" || /[@/]/.test(tenantHost))
    throw new Error(`tenantHost must be a host (and optional port)`);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const { d, x } = privateKey.export({ format: "jwk" });
  // The members ConductorOne's secrets carry, in their order; no `kid` (the SDK derives none).
  const jwk = JSON.stringify({ kty: "OKP", crv: "Ed25519", d, x });
  return {
    clientId: `${clientName}@${tenantHost}/pcc`,
    clientSecret: `${SECRET_PREFIX}${Buffer.from(jwk).toString("base64url")}`,
    publicKey,
  };
}

/**
 * The audience a client assertion must carry for a client id: the host between `@` and `/`, without a port.
 * Clients never take it from `BATON_C1_API_HOST`.
 */
export function clientAssertionAudience(clientId: string): string {
  const afterAt = clientId.slice(clientId.indexOf("@") + 1);
  const host = afterAt.slice(0, afterAt.indexOf("/") < 0 ? undefined : afterAt.indexOf("/"));
  return host.replace(/:\d+$/, "");
}
