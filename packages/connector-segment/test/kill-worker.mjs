// Worker module for the kit's kill-and-resume test: the built connector and a client for the simulator.
import { createSegmentClient, segmentConnector } from "../dist/index.js";

export const connector = segmentConnector;
export const makeClient = (baseUrl) =>
  // The simulator's default token (see test/kit.test.ts).
  createSegmentClient({ baseUrl, token: "sim-token", retry: { baseDelayMs: 1, maxDelayMs: 50 } });
