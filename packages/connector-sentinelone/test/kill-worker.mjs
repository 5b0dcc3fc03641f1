// Worker module for the kit's kill-and-resume test: the built connector and a client for the simulator.
import { nullLogger } from "@baton-ts/connector-sdk";
import { createSentinelOneClient, sentineloneConnector } from "../dist/index.js";

export const connector = sentineloneConnector;
export const makeClient = (baseUrl) =>
  createSentinelOneClient({
    // The simulator's Global token for seed 31 (see test/kit.test.ts).
    apiToken: "s1-sim-tenant-31",
    managementConsoleUrl: baseUrl,
    retry: { baseDelayMs: 1, maxDelayMs: 50 },
    logger: nullLogger,
    userAgent: "baton-sentinel-one/kill-test",
  });
