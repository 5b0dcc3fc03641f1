import { type ConnectContext, createHttpClient, type RetryPolicy } from "@baton-ts/connector-sdk";
import { describeSentinelOneError } from "./describe-error.js";
import { SENTINELONE_PACING } from "./pacing.js";
import { SentinelOneClient } from "./sentinelone-client.js";

export interface SentinelOneClientOptions {
  readonly apiToken: string;
  /** e.g. `https://acme.sentinelone.net`; the API lives under `/web/api/v2.1`. */
  readonly managementConsoleUrl: string;
  readonly debug?: boolean;
  readonly retry?: RetryPolicy;
  /** Turn pacing off (tests against a simulator without rate limits may want raw speed). */
  readonly pacing?: boolean;
}

/** The API base URL of a console URL: trailing slashes and an already-present API path are tolerated. */
export const apiBaseUrl = (managementConsoleUrl: string): string => {
  const trimmed = managementConsoleUrl.trim().replace(/\/+$/, "");
  return trimmed.endsWith("/web/api/v2.1") ? trimmed : `${trimmed}/web/api/v2.1`;
};

export const createSentinelOneClient = (
  options: SentinelOneClientOptions,
  ctx: ConnectContext,
): SentinelOneClient => {
  const http = createHttpClient({
    service: "SentinelOne",
    baseUrl: apiBaseUrl(options.managementConsoleUrl),
    authHeaders: { authorization: `ApiToken ${options.apiToken}` },
    secrets: [options.apiToken],
    userAgent: ctx.userAgent,
    logger: ctx.logger,
    ...(options.debug === undefined ? {} : { debug: options.debug }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.pacing === false ? {} : { pacing: SENTINELONE_PACING }),
    describeError: describeSentinelOneError,
  });
  return new SentinelOneClient(http, ctx.logger);
};
