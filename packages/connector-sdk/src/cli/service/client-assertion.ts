import { type KeyObject, randomBytes, sign } from "node:crypto";

export interface ClientAssertionInput {
  /** The whole client id: `iss` and `sub`. */
  readonly clientId: string;
  /** The client id's host without a port (never BATON_C1_API_HOST). */
  readonly audience: string;
  readonly key: KeyObject;
  /** Seconds since the epoch. */
  readonly now: number;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString("base64url");

/**
 * The signed JWT a client presents to ConductorOne's token endpoint (RFC 7523), as baton-sdk makes it:
 * compact JWS, alg EdDSA, a protected header with a random 16-byte hex `nonce` and no `kid` or `typ`;
 * claims iss = sub = client id, aud = the tenant host (a string), exp now + 2 min, nbf now − 2 min,
 * iat now. Hand-written on node:crypto rather than a JOSE library: one fixed algorithm and header is
 * twenty lines, and the programs start faster without another dependency.
 */
export const makeClientAssertion = (input: ClientAssertionInput): string => {
  const header = { alg: "EdDSA", nonce: randomBytes(16).toString("hex") };
  const claims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience,
    exp: input.now + 120,
    nbf: input.now - 120,
    iat: input.now,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign(null, Buffer.from(signingInput), input.key);
  return `${signingInput}.${base64url(signature)}`;
};
