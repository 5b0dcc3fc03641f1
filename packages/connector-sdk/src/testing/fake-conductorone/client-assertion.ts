import { type KeyObject, verify } from "node:crypto";

/** What a client assertion must prove, and the time to judge it at. */
export interface AssertionExpectations {
  readonly clientId: string;
  readonly publicKey: KeyObject;
  readonly audience: string;
  readonly nowMs: number;
}

export type AssertionVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Clock skew allowed between client and server, as token services usually allow. */
const LEEWAY_SECONDS = 60;
/** The Go SDK's assertions live 4 minutes (nbf = now − 2 min, exp = now + 2 min); refuse long-lived ones. */
const MAX_LIFETIME_SECONDS = 10 * 60;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const NONCE = /^[0-9a-f]{32}$/;

/**
 * Checks a client assertion the way ConductorOne's token endpoint must: a compact JWS, alg EdDSA, a `nonce` of 32
 * lowercase hex characters in the protected header, an Ed25519 signature by the client's key, iss = sub = the
 * client id, aud = the client id's host (a string or a one-element array), exp / nbf / iat around now.
 *
 * Hand-written with node:crypto on purpose: it must stay independent of whatever JOSE code the client under test
 * uses, so that a shared bug cannot make both sides agree. The reason never contains the assertion itself.
 */
export function verifyClientAssertion(assertion: string, expected: AssertionExpectations): AssertionVerdict {
  const parts = assertion.split(".");
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
    return refuse("client_assertion is not a compact JWS (three base64url parts separated by dots)");
  }
  const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
  const header = decodeJson(encodedHeader);
  if (header === undefined) return refuse("the JWS protected header is not a JSON object");
  if (header.alg !== "EdDSA") return refuse(`the JWS alg must be EdDSA, not ${JSON.stringify(header.alg)}`);
  if (header.crit !== undefined) return refuse("the JWS header has crit extensions, which are not supported");
  if (typeof header.nonce !== "string" || !NONCE.test(header.nonce)) {
    return refuse("the JWS protected header needs a nonce of 32 lowercase hex characters");
  }
  const signature = Buffer.from(encodedSignature, "base64url");
  const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`);
  if (signature.length !== 64 || !verify(null, signed, expected.publicKey, signature)) {
    return refuse("the JWS signature does not verify with the client's public key");
  }
  const claims = decodeJson(encodedClaims);
  if (claims === undefined) return refuse("the JWS payload is not a JSON object");
  if (claims.iss !== expected.clientId) return refuse("iss must be the client id");
  if (claims.sub !== expected.clientId) return refuse("sub must be the client id");
  const audience = Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : claims.aud;
  if (audience !== expected.audience) {
    return refuse(`aud must be ${JSON.stringify(expected.audience)}, not ${JSON.stringify(claims.aud)}`);
  }
  const { exp, nbf, iat } = claims;
  if (!isNumericDate(exp) || !isNumericDate(nbf) || !isNumericDate(iat)) {
    return refuse("exp, nbf and iat must all be numeric dates (seconds since the epoch)");
  }
  const now = expected.nowMs / 1000;
  if (exp + LEEWAY_SECONDS <= now) return refuse("the assertion has expired (exp is in the past)");
  if (nbf - LEEWAY_SECONDS > now) return refuse("the assertion is not valid yet (nbf is in the future)");
  if (iat - LEEWAY_SECONDS > now) return refuse("iat is in the future");
  if (exp - Math.min(nbf, iat) > MAX_LIFETIME_SECONDS || exp - now > MAX_LIFETIME_SECONDS) {
    return refuse(`the assertion lives too long (at most ${MAX_LIFETIME_SECONDS} s from nbf/iat to exp)`);
  }
  return { ok: true };
}

const refuse = (reason: string): AssertionVerdict => ({ ok: false, reason });

const isNumericDate = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
