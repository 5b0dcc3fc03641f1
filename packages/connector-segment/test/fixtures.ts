import { type CallContext, nullLogger, resourceId, userResource } from "@baton-ts/connector-sdk";
import { memorySession } from "@baton-ts/connector-sdk/testing";
import type { Resource } from "@baton-ts/protocol";
import nock from "nock";
import { afterAll, afterEach, beforeEach } from "vitest";
import { createSegmentClient, type SegmentClient } from "../src/client/segment-client.js";

// Recorded API answers for the unit tests (nock), and what those tests call the connector with.

export const BASE = "https://api.segmentapis.com";
export const api = () => nock(BASE);
export const page = (current = "MA==") => ({ current });

export const ROLES = [
  { id: "rOwner", name: "Workspace Owner" },
  { id: "rSrc", name: "Source Admin" },
  { id: "rWh", name: "Warehouse Read-only" },
  { id: "rFn", name: "Functions Admin" },
  { id: "rEng", name: "Engage User" },
];

/** `GET /roles` answered once with ROLES. */
export const withRoles = () =>
  api()
    .get("/roles")
    .query(true)
    .reply(200, { data: { roles: ROLES, pagination: page() } });

/** A user as a sync stored it, under the workspace `ws`. */
export const storedUser = (id: string): Resource =>
  userResource({ type: "user", id, displayName: id, parent: resourceId("workspace", "ws"), user: {} });

export const ids = (resources: readonly Resource[]) =>
  resources.map((r) => `${r.id?.resourceType}:${r.id?.resource}`);

export interface UnitTestApi {
  /** A fresh client per test (quick retries). */
  client: SegmentClient;
  /** A fresh call context per test, whose session stands for one sync's: later calls read what earlier ones kept. */
  ctx: CallContext;
}

/**
 * The hooks of a resource type's unit tests: no network, a fresh client and context per test, and the
 * token's workspace (`GET /` → `ws`) answered once.
 */
export const useSegmentApi = (): UnitTestApi => {
  const current = {} as UnitTestApi;
  beforeEach(() => {
    nock.disableNetConnect();
    nock.cleanAll();
    current.ctx = { logger: nullLogger, signal: new AbortController().signal, session: memorySession() };
    current.client = createSegmentClient({
      baseUrl: BASE,
      token: "t",
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    });
    api()
      .get("/")
      .reply(200, { data: { workspace: { id: "ws", slug: "acme", name: "Acme" } } });
  });
  afterEach(() => {
    nock.abortPendingRequests();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
  return current;
};
