import { createHash, randomBytes } from "node:crypto";

export type TokenState = "valid" | "unknown" | "expired";

/**
 * The access tokens the fake has issued. It keeps only a hash of each token and its expiry, so nothing a test
 * could print (the fake, a record, an error) ever holds a usable token.
 */
export class TokenIssuer {
  readonly #expiries = new Map<string, number>();
  readonly #now: () => number;
  #ttlSeconds: number;

  constructor(ttlSeconds: number, now: () => number) {
    this.#ttlSeconds = checkTtl(ttlSeconds);
    this.#now = now;
  }

  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }

  /** Applies to tokens issued from now on; issued ones keep their expiry. */
  set ttlSeconds(seconds: number) {
    this.#ttlSeconds = checkTtl(seconds);
  }

  /** A new random opaque token and the lifetime to announce as `expires_in`. */
  issue(): { readonly accessToken: string; readonly expiresIn: number } {
    const accessToken = randomBytes(32).toString("base64url");
    this.#expiries.set(hash(accessToken), this.#now() + this.#ttlSeconds * 1000);
    return { accessToken, expiresIn: this.#ttlSeconds };
  }

  check(token: string): TokenState {
    const expiry = this.#expiries.get(hash(token));
    if (expiry === undefined) return "unknown";
    return this.#now() < expiry ? "valid" : "expired";
  }

  /** Every token issued so far expires now (a test of refresh without waiting for a clock). */
  expireAll(): void {
    const now = this.#now();
    for (const key of this.#expiries.keys()) this.#expiries.set(key, now);
  }
}

const hash = (token: string): string => createHash("sha256").update(token).digest("base64url");

function checkTtl(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`token TTL must be 0 or more seconds, got ${seconds}`);
  return seconds;
}
