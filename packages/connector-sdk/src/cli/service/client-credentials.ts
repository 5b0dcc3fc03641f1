import { createPrivateKey, type KeyObject } from "node:crypto";
import { ConfigError } from "../../errors.js";

/** A ConductorOne client id, split: `<client name>@<token host>/<rest>`. */
export interface ClientId {
  /** The whole id: the client assertion's `iss` and `sub`, and the token request's `client_id`. */
  readonly value: string;
  /** Only used in the User-Agent. */
  readonly clientName: string;
  /** The tenant's host, e.g. `acme.conductor.one` (may carry a port). */
  readonly tokenHost: string;
}

const CLIENT_ID_FORM = "<client name>@<tenant host>/<suffix>, e.g. my-connector@acme.conductor.one/pcc";
const CLIENT_SECRET_FORM = "secret-token:conductorone.com:v1:<key>";

/**
 * Reads a client id the way baton-sdk does: split once on the first `@`, then once on `/`; both the
 * name and the host must be present. The id is not secret, so the message may show it.
 */
export const parseClientId = (value: string): ClientId => {
  const at = value.indexOf("@");
  const clientName = at < 0 ? "" : value.slice(0, at);
  const rest = at < 0 ? "" : value.slice(at + 1);
  const slash = rest.indexOf("/");
  const tokenHost = slash < 0 ? "" : rest.slice(0, slash);
  if (clientName === "" || tokenHost === "") {
    throw new ConfigError(
      `BATON_CLIENT_ID (--client-id) ${JSON.stringify(value)} is not a ConductorOne client id: expected ${CLIENT_ID_FORM}; copy it from the connector's settings in ConductorOne`,
    );
  }
  return { value, clientName, tokenHost };
};

/**
 * Reads a client secret: `secret-token:conductorone.com:v1:<unpadded base64url of a private Ed25519
 * JWK>`. Like baton-sdk, only the version part is checked before the key. Messages never contain the
 * secret, not even a part of it.
 */
export const parseClientSecret = (value: string): KeyObject => {
  const parts = value.split(":");
  const version = parts[2];
  const encoded = parts.slice(3).join(":");
  const problem = (what: string): ConfigError =>
    new ConfigError(
      `BATON_CLIENT_SECRET (--client-secret) is not a ConductorOne client secret: ${what}; expected ${CLIENT_SECRET_FORM} as shown once when the secret was created (rotate it in ConductorOne if it was lost)`,
    );
  if (parts.length < 4 || version !== "v1") throw problem("it does not have the v1 form");
  let jwk: unknown;
  try {
    jwk = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    throw problem("its key part is not base64url-encoded JSON");
  }
  const fields = (typeof jwk === "object" && jwk !== null ? jwk : {}) as Record<string, unknown>;
  if (fields.kty !== "OKP" || fields.crv !== "Ed25519" || typeof fields.d !== "string") {
    throw problem("its key is not a private Ed25519 key");
  }
  try {
    return createPrivateKey({ key: fields as { kty: string }, format: "jwk" });
  } catch {
    throw problem("its Ed25519 key is not valid");
  }
};
