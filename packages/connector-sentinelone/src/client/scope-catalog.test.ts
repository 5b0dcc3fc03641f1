import { memorySession } from "@baton-ts/connector-sdk/testing";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  A1,
  A1_CUSTOM,
  A2,
  ADMIN,
  mockCatalog,
  S1,
  S1_CUSTOM,
  S3,
  TENANT_CUSTOM,
  testClient,
  VIEWER,
} from "../../test/fixtures.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("ScopeCatalog", () => {
  it("loads once per client, de-duplicates roles, and applies roles by level", async () => {
    const scope = mockCatalog();
    const client = testClient();
    const [catalog, again] = await Promise.all([client.catalog(), client.catalog()]);
    expect(again).toBe(catalog);
    expect(scope.isDone()).toBe(true);
    expect(catalog.roles).toHaveLength(6);
    const ids = (roles: readonly { id: string }[]) => roles.map((r) => r.id).sort();
    expect(ids(catalog.rolesAt("tenant"))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM].sort());
    expect(ids(catalog.rolesAt("account", A1))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM, A1_CUSTOM].sort());
    expect(ids(catalog.rolesAt("account", A2))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM].sort());
    expect(ids(catalog.rolesAt("site", S1))).toEqual(
      [ADMIN, VIEWER, TENANT_CUSTOM, A1_CUSTOM, S1_CUSTOM].sort(),
    );
    expect(ids(catalog.rolesAt("site", S3))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM].sort());
    // An account role is never offered at another account's site, nor anything at a site not listed.
    expect(ids(catalog.rolesAt("site", S3))).not.toContain(A1_CUSTOM);
    expect(catalog.site("129999999999999999")).toBeUndefined();
  });

  it("treats a 403 on /accounts as 'no accounts' and retries a failed load on the next call", async () => {
    mockCatalog({ accountsForbidden: true });
    const client = testClient();
    const catalog = await client.catalog();
    expect(catalog.accounts).toBeNull();
    expect(catalog.sites).toHaveLength(3);
    expect(catalog.account(A1)).toBeUndefined();

    const failing = testClient();
    nock("https://acme.sentinelone.net").get(/.*/).times(12).reply(500, "<html>down</html>");
    await expect(failing.catalog()).rejects.toThrow(/500/);
    nock.cleanAll();
    mockCatalog();
    await expect(failing.catalog()).resolves.toBeDefined();
  });

  it("is kept in the sync's session, so the client of a resumed sync reads none of it", async () => {
    const scope = mockCatalog();
    const session = memorySession();
    const killed = await testClient().catalog(session);
    expect(scope.isDone()).toBe(true);
    // No interceptor is left: a request from the resumed client would fail the test.
    const resumed = await testClient().catalog(session);
    expect(resumed.roles).toEqual(killed.roles);
    expect(resumed.sites).toEqual(killed.sites);
    expect(resumed.accounts).toEqual(killed.accounts);
  });
});
