import { type CallContext, nullLogger } from "@baton-ts/connector-sdk";
import { memorySession } from "@baton-ts/connector-sdk/testing";
import nock from "nock";
import { createSentinelOneClient, type SentinelOneClient } from "../src/client/sentinelone-client.js";

// Recorded API answers for the unit tests (nock), and what those tests call the connector with.

/** A secret-looking token tests check never leaks. */
export const TEST_TOKEN = "eyJ0ZXN0LXRva2VuLXNob3VsZC1uZXZlci1sZWFr.secret-part";
export const TEST_CONSOLE = "https://acme.sentinelone.net";

/** A client for nock tests: fast retries, no pacing waits. */
export const testClient = (consoleUrl = TEST_CONSOLE, token = TEST_TOKEN): SentinelOneClient =>
  createSentinelOneClient({
    apiToken: token,
    managementConsoleUrl: consoleUrl,
    logger: nullLogger,
    userAgent: "baton-sentinel-one/test",
    retry: { baseDelayMs: 1, maxDelayMs: 20, maxAttempts: 4 },
  });

/** A tiny tenant for nock tests: two accounts, three sites, roles at every level. */
export const A1 = "110000000000000001";
export const A2 = "110000000000000002";
export const S1 = "120000000000000001";
export const S2 = "120000000000000002";
export const S3 = "120000000000000003";
export const ADMIN = "130000000000000001";
export const VIEWER = "130000000000000002";
export const TENANT_CUSTOM = "130000000000000003";
export const A1_CUSTOM = "130000000000000004";
export const S1_CUSTOM = "130000000000000005";
export const GROUP_ROLE = "130000000000000006";

export const ACCOUNTS = [
  { id: A1, name: "Acme", state: "active", accountType: "Paid" },
  { id: A2, name: "Globex", state: "expired", accountType: "Trial", expiration: "2026-01-01T00:00:00Z" },
];
export const SITES = [
  { id: S1, name: "Default site", accountId: A1, accountName: "Acme", state: "active" },
  { id: S2, name: "Berlin Lab", accountId: A1, accountName: "Acme", state: "deleted" },
  { id: S3, name: "Default site", accountId: A2, accountName: "Globex", state: "expired" },
];
export const ROLES = [
  { id: ADMIN, name: "Admin", scope: "Tenant", predefinedRole: true, scopeId: null },
  { id: VIEWER, name: "Viewer", scope: "Tenant", predefinedRole: true, scopeId: null },
  { id: TENANT_CUSTOM, name: "Auditor", scope: "Tenant", predefinedRole: false, scopeId: null },
  {
    id: A1_CUSTOM,
    name: "Helpdesk",
    scope: "Account",
    predefinedRole: false,
    scopeId: A1,
    accountName: "Acme",
  },
  {
    id: S1_CUSTOM,
    name: "Lab Ops",
    scope: "Site",
    predefinedRole: false,
    scopeId: S1,
    siteName: "Default site",
  },
  { id: GROUP_ROLE, name: "Group Ops", scope: "Group", predefinedRole: false, scopeId: "160000000000000001" },
];

const API = "/web/api/v2.1";

/** Intercepts the three catalog lists once; roles are sent twice over two pages to prove de-duplication. */
export const mockCatalog = (options: { accountsForbidden?: boolean } = {}) => {
  const scope = nock(TEST_CONSOLE);
  if (options.accountsForbidden) {
    scope
      .get(`${API}/accounts`)
      .query(true)
      .reply(403, {
        errors: [
          { code: 4030010, detail: "Action is not allowed to site users", title: "Insufficient permissions" },
        ],
      });
  } else {
    scope
      .get(`${API}/accounts`)
      .query({ limit: "1000" })
      .reply(200, { data: ACCOUNTS, pagination: { nextCursor: null } });
  }
  scope
    .get(`${API}/sites`)
    .query({ limit: "1000" })
    .reply(200, { data: { allSites: {}, sites: SITES }, pagination: { nextCursor: null } })
    .get(`${API}/rbac/roles`)
    .query({ limit: "1000", includeChildren: "true" })
    .reply(200, { data: ROLES.slice(0, 4), pagination: { nextCursor: "cm9sZS0y" } })
    .get(`${API}/rbac/roles`)
    .query({ limit: "1000", includeChildren: "true", cursor: "cm9sZS0y" })
    .reply(200, { data: ROLES.slice(2), pagination: { nextCursor: null } });
  return scope;
};

/** What the engine hands a call: here with a session of its own, like a sync's first call. */
export const callContext = (): CallContext => ({
  logger: nullLogger,
  signal: new AbortController().signal,
  session: memorySession(),
});
