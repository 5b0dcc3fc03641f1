import { nullLogger } from "@baton-ts/connector-sdk";
import { createSentinelOneClient } from "./create-client.js";
import type { SentinelOneClient } from "./sentinelone-client.js";

/** A secret-looking token tests check never leaks. */
export const TEST_TOKEN = "eyJ0ZXN0LXRva2VuLXNob3VsZC1uZXZlci1sZWFr.secret-part";
export const TEST_CONSOLE = "https://acme.sentinelone.net";

/** A client for nock tests: fast retries, no pacing waits. */
export const testClient = (consoleUrl = TEST_CONSOLE, token = TEST_TOKEN): SentinelOneClient =>
  createSentinelOneClient(
    {
      apiToken: token,
      managementConsoleUrl: consoleUrl,
      retry: { baseDelayMs: 1, maxDelayMs: 20, maxAttempts: 4 },
    },
    { logger: nullLogger, userAgent: "baton-sentinel-one/test" },
  );
