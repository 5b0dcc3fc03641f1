import type { KeyObject } from "node:crypto";
import type { Agent } from "node:https";
import got from "got";
import { z } from "zod";
import { makeClientAssertion } from "./client-assertion.js";
import { C1Error, GrpcCode } from "./errors.js";

export interface TokenSourceOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly audience: string;
  readonly key: KeyObject;
  readonly agent: Agent;
  readonly userAgent: string;
  /** Milliseconds since the epoch (tests). */
  readonly now?: () => number;
}

const TokenResponse = z.object({
  access_token: z.string(),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

/** Refresh this long before the token expires, as Go's oauth2 ReuseTokenSource does. */
const REFRESH_MARGIN_MS = 10_000;

const FIX_CREDENTIALS =
  "check BATON_CLIENT_ID and BATON_CLIENT_SECRET (rotate the secret in the connector's settings in ConductorOne if it was lost or revoked)";

/**
 * ConductorOne access tokens, fetched lazily with a client assertion (OAuth client credentials, RFC 7523)
 * and reused until 10 s before they expire; callers at the same moment share one request. A refusal
 * (4xx) or an empty token is permanent (Unauthenticated); a 5xx or a network failure is transient, so
 * the caller's retry policy applies (Go treats every non-200 as Unauthenticated; a token endpoint
 * outage should not stop a connector for good).
 */
export class TokenSource {
  private cached: { readonly token: string; readonly expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly options: TokenSourceOptions) {}

  /** The token for the next call. */
  async token(signal?: AbortSignal): Promise<string> {
    const now = this.now();
    if (this.cached !== undefined && now < this.cached.expiresAt - REFRESH_MARGIN_MS)
      return this.cached.token;
    this.inFlight ??= this.fetch(signal).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Forgets the cached token (after ConductorOne refused it). */
  invalidate(): void {
    this.cached = undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async fetch(signal: AbortSignal | undefined): Promise<string> {
    const { options } = this;
    const assertion = makeClientAssertion({
      clientId: options.clientId,
      audience: options.audience,
      key: options.key,
      now: Math.floor(this.now() / 1000),
    });
    let response: { statusCode: number; body: string };
    try {
      response = await got.post(options.tokenUrl, {
        form: {
          client_assertion: assertion,
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_id: options.clientId,
          grant_type: "client_credentials",
        },
        headers: { "user-agent": options.userAgent, accept: "application/json" },
        agent: { https: options.agent },
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { connect: 30_000, secureConnect: 10_000, response: 60_000, request: 300_000 },
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      throw new C1Error(
        GrpcCode.unavailable,
        `ConductorOne's token endpoint ${options.tokenUrl} could not be reached: ${describeNetworkError(error)}`,
        { permanent: false, cause: error },
      );
    }
    if (response.statusCode >= 500) {
      throw new C1Error(
        GrpcCode.unavailable,
        `ConductorOne's token endpoint answered ${response.statusCode}; retrying`,
        { permanent: false },
      );
    }
    if (response.statusCode !== 200) {
      throw new C1Error(
        GrpcCode.unauthenticated,
        `ConductorOne refused the client credentials (token endpoint answered ${response.statusCode}): ${FIX_CREDENTIALS}`,
        { permanent: true },
      );
    }
    const parsed = TokenResponse.safeParse(safeJson(response.body));
    if (!parsed.success || parsed.data.access_token === "") {
      throw new C1Error(
        GrpcCode.unauthenticated,
        `ConductorOne's token endpoint answered 200 without an access token: ${FIX_CREDENTIALS}`,
        { permanent: true },
      );
    }
    const lifetimeMs = (parsed.data.expires_in ?? 0) * 1000;
    // No lifetime means "fetch again for every call", as Go's oauth2 treats a zero expiry.
    this.cached =
      lifetimeMs > 0 ? { token: parsed.data.access_token, expiresAt: this.now() + lifetimeMs } : undefined;
    return parsed.data.access_token;
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The network failure in words, without anything from the request (the form carries the assertion). */
export const describeNetworkError = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string"
    ? `${code} (${message.split("\n", 1)[0]})`
    : (message.split("\n", 1)[0] ?? "");
};
